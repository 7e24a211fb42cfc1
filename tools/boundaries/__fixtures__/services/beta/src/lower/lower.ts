// Violation on purpose: a lower feature importing back up (lower -> upper -> lower is a cycle).
import { upperName } from '../upper/upper';
export const lowerName = `lower of ${upperName}`;
