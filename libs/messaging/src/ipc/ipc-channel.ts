// Node's two ends of a fork()ed IPC channel behind one small interface, so the bus code on either
// side never touches `process` or a ChildProcess directly.
import type { ChildProcess } from 'node:child_process';
import type { ChildFrame, IpcChannel, ParentFrame } from './ipc-frames';

interface NodeEnd {
  connected: boolean;
  send?: (message: ChildFrame | ParentFrame, callback?: (error: Error | null) => void) => boolean;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
}

function channelOf(end: NodeEnd): IpcChannel {
  return {
    send: (frame) => {
      if (!end.connected || !end.send) throw new Error('the IPC channel is closed');
      // A frame that cannot be written (the other side just died) is reported by the close event.
      end.send(frame, () => undefined);
    },
    onMessage: (listener) => {
      end.on('message', listener);
      return () => void end.off('message', listener);
    },
    onClose: (listener) => {
      end.on('disconnect', listener);
      return () => void end.off('disconnect', listener);
    },
  };
}

/** The child's end: its parent. Throws when the process was not started with an IPC channel. */
export function parentChannel(): IpcChannel {
  if (!process.send) throw new Error('This process has no IPC channel (start it with child_process.fork).');
  return channelOf(process as unknown as NodeEnd);
}

/** The parent's end: one forked child. */
export function childChannel(child: ChildProcess): IpcChannel {
  return channelOf(child);
}
