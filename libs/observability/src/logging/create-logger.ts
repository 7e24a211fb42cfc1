import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger } from 'pino';
import { REDACTED, redactSensitiveKeys } from '../redaction/sensitive-keys';
import { traceContextFields } from './trace-context-mixin';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  /** pino level name; defaults to `info`. */
  level?: string;
  /** Where JSON lines go; defaults to stdout. */
  destination?: DestinationStream;
}

/**
 * Header paths censored by pino itself. The key-pattern scan covers them too; these stay as a second line of
 * defence for objects the scan does not enter (an IncomingMessage logged as `req`).
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'headers.cookie',
  'headers.authorization',
  'res.headers["set-cookie"]',
];

/** A pino JSON logger with trace ids on every line and secrets censored by key name. */
export function createLogger(opts: LoggerOptions): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { service: opts.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceContextFields,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => redactSensitiveKeys(object),
    },
  };
  const logger = opts.destination === undefined ? pino(options) : pino(options, opts.destination);
  censorChildBindings(logger);
  return logger;
}

/**
 * pino serializes a child's bindings once, without `formatters.log`, so `logger.child({ token })` would bypass
 * the key scan. Children are created with the parent as prototype, so overriding `child` on the root covers
 * every descendant.
 */
function censorChildBindings(root: Logger): void {
  // pino types `child` generically over custom levels; this library defines none.
  const pinoChild = Reflect.get(root, 'child') as unknown as ChildFactory;
  const child: ChildFactory = function (bindings, options) {
    return pinoChild.call(this, redactSensitiveKeys(bindings), options);
  };
  Object.defineProperty(root, 'child', { value: child, writable: true, configurable: true });
}

type ChildFactory = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
