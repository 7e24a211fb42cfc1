import { EventEmitter } from 'node:events';
import { installMediaFaultContainment, thrownByMediaServer } from './last-resort';

const withStack = (frames: string[]): Error => {
  const error = new TypeError('boom');
  error.stack = ['TypeError: boom', ...frames.map((f) => `    at ${f}`)].join('\n');
  return error;
};
const nmsFrame = 'Rtmp.onConnect (/work/main/node_modules/node-media-server/src/protocol/rtmp.js:688:17)';
const ourFrame = 'guardRtmpConnection (/work/main/services/stream/src/ingest/publish-guard.ts:120:5)';

describe('media fault containment', () => {
  it("attributes an exception to node-media-server by the innermost frame that is not Node's runtime", () => {
    expect(thrownByMediaServer(withStack(['new URL (node:internal/url:818:25)', nmsFrame, ourFrame]))).toBe(true);
    expect(thrownByMediaServer(withStack([nmsFrame]))).toBe(true);
    expect(thrownByMediaServer(withStack([ourFrame, nmsFrame]))).toBe(false); // ours, called from its code
    expect(thrownByMediaServer(withStack(['node:internal/process/task_queues:95:5']))).toBe(false);
    expect(thrownByMediaServer('a string')).toBe(false);
  });

  it("logs and keeps serving for node-media-server's exceptions, exits 1 for any other, and uninstalls", () => {
    const target = new EventEmitter();
    const exit = jest.fn();
    const logger = { error: jest.fn() };
    const uninstall = installMediaFaultContainment(logger, { exit, target: target as never });
    target.emit('uncaughtException', withStack([nmsFrame]), 'uncaughtException');
    expect(exit).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenLastCalledWith(
      expect.objectContaining({ component: 'node-media-server', err: expect.objectContaining({ message: 'boom' }) }),
      expect.stringContaining('contained'),
    );
    target.emit('uncaughtException', withStack([ourFrame]), 'uncaughtException');
    expect(exit).toHaveBeenCalledWith(1);
    expect(logger.error).toHaveBeenLastCalledWith(expect.objectContaining({ component: 'stream' }), expect.stringContaining('exiting'));
    uninstall();
    expect(target.listenerCount('uncaughtException')).toBe(0);
  });
});
