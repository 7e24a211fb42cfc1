// Violation on purpose: a service importing another service.
import { beta } from '../../beta/src/index';
export const alpha = beta + 1;
