// The guard wraps node-media-server internals that hold for the pinned version only: this fails when
// an upgrade changes the version or moves what publish-guard.ts overrides.
import { Socket } from 'node:net';
import { once } from 'node:events';
import { guardRtmpConnection, routeMediaServerLogs } from './publish-guard';
import { missingInternals, NMS_PINNED_VERSION, nmsVersion, RtmpSession } from './nms-internals';

describe('node-media-server internals the guard relies on', () => {
  beforeAll(() => routeMediaServerLogs(() => undefined));
  it('is the pinned version, with the parser handlers on the prototype and onData as the data listener', async () => {
    expect(nmsVersion).toBe(NMS_PINNED_VERSION);
    const socket = new Socket();
    const session = new RtmpSession(socket);
    expect(missingInternals(session, socket)).toContain("session.onData as the socket's data listener");
    session.run();
    expect(missingInternals(session, socket)).toEqual([]);
    socket.destroy();
    await once(socket, 'close');
  });

  it("replaces the session's data listener and its parser's handlers with the guard's own", async () => {
    const socket = new Socket();
    const onRefused = jest.fn();
    guardRtmpConnection(socket, {
      authorize: () => Promise.resolve(undefined),
      allowPlay: false,
      reconnectGraceMs: 0,
      maxHeldBytes: 1024,
      onRefused,
      onAccepted: () => undefined,
    });
    expect(socket.listeners('data')).toHaveLength(1);
    // A data event that would throw inside node-media-server's parser: a zero-byte video tag.
    const header = Buffer.from([0x06, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0x02]);
    const handshake = Buffer.alloc(1 + 1536 * 2);
    const write = jest.spyOn(socket, 'write').mockImplementation(() => true);
    expect(() => socket.emit('data', Buffer.concat([handshake, header]))).not.toThrow();
    expect(onRefused).toHaveBeenCalledWith('media before an authorised publish', undefined, undefined);
    expect(socket.destroyed).toBe(true);
    await once(socket, 'close');
    write.mockRestore();
  });
});
