/** Injection token of the service's `Database`. */
export const DATABASE = Symbol('DATABASE');
