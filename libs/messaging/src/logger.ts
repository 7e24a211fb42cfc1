/**
 * The slice of a structured logger (pino-compatible) this library needs, so it does not depend on
 * the observability package. Log objects carry ids, names and reasons; never payloads, which may
 * hold personal data.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
