// The process-level last line of defence behind the publish guard. The guard runs every call into
// node-media-server's parser inside try/catch, so an exception there closes one connection; but the
// library also runs code from its own timers and callbacks. An uncaught exception thrown from
// node-media-server's code is logged and the process keeps serving (one connection may be left in
// an unknown state; the idle timeout ends it). Any other uncaught exception is ours: it is logged and
// the process exits with 1, as Node would have done.

export interface FaultLogger {
  error(obj: object, msg: string): void;
}

export interface FaultContainmentOptions {
  /** Replaced in tests; process.exit by default. */
  exit?: (code: number) => void;
  /** Replaced in tests; the real process by default. */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

const NMS_PATH = /[\\/]node_modules[\\/]node-media-server[\\/]/;

/** True when the innermost frame of the stack that is not Node's own runtime is node-media-server's. */
export function thrownByMediaServer(error: unknown): boolean {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return false;
  for (const line of error.stack.split('\n').slice(1)) {
    const frame = line.trim();
    if (!frame.startsWith('at ')) continue;
    // Node's runtime (new URL, Buffer reads) throws on node-media-server's behalf: look past it.
    if (/\(node:|^at node:|\(<anonymous>\)|^at <anonymous>|\(native\)/.test(frame)) continue;
    return NMS_PATH.test(frame);
  }
  return false;
}

/** Installs the handler; returns a function that removes it. */
export function installMediaFaultContainment(logger: FaultLogger, opts: FaultContainmentOptions = {}): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const target = opts.target ?? process;
  const handler = (error: unknown, origin?: string): void => {
    const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
    if (thrownByMediaServer(error)) {
      logger.error({ component: 'node-media-server', origin, err }, 'uncaught exception in node-media-server contained; still serving');
      return;
    }
    logger.error({ component: 'stream', origin, err }, 'uncaught exception: exiting');
    exit(1);
  };
  target.on('uncaughtException', handler);
  return () => target.off('uncaughtException', handler);
}
