// Violation on purpose: a library importing a service.
import { beta } from '../../../services/beta/src/index';
export const gamma = beta;
