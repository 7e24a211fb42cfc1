// The frames that carry a MessageBus over a Node IPC channel (child_process.fork): the standalone's
// media tier runs in a child process and reaches the parent's in-process bus through them. Both ends
// parse every frame that arrives with these schemas, and every envelope inside one is validated again
// with the event catalogue's zod schemas (validateIncoming) before anything uses it: a child that
// misbehaves (a bug, a corrupted heap) cannot hand the web tier an event that a broker would refuse.
import { z } from 'zod';

/** Frames of the bus carry this tag; other traffic on the same channel (the child's state) is left alone. */
export const BUS_FRAME = 'bus';

/** An envelope as it crossed the channel, before anything is trusted (validateIncoming checks it). */
const rawEnvelope = z.object({
  id: z.unknown(),
  name: z.unknown(),
  occurredAt: z.unknown(),
  payload: z.unknown(),
  headers: z.record(z.string(), z.string()).default({}),
});

const ref = z.number().int().nonnegative();

const consumer = z.object({
  queue: z.string().min(1).max(200),
  events: z.array(z.string().max(200)).min(1).max(100),
  deliveryLimit: z.number().int().optional(),
  prefetch: z.number().int().optional(),
});

/** What the child (the bus's user) sends. */
export const childFrameSchema = z.discriminatedUnion('op', [
  z.object({ kind: z.literal(BUS_FRAME), op: z.literal('publish'), ref, envelope: rawEnvelope }),
  z.object({ kind: z.literal(BUS_FRAME), op: z.literal('subscribe'), ref, subscription: ref, consumer }),
  z.object({ kind: z.literal(BUS_FRAME), op: z.literal('cancel'), ref, subscription: ref }),
  z.object({ kind: z.literal(BUS_FRAME), op: z.literal('ping'), ref }),
  // The outcome of one delivery: `ok: false` makes the parent's bus redeliver it (or dead-letter it).
  z.object({ kind: z.literal(BUS_FRAME), op: z.literal('settled'), delivery: ref, ok: z.boolean(), reason: z.string().max(2000).optional() }),
]);
export type ChildFrame = z.infer<typeof childFrameSchema>;

/** What the parent (the bus's owner) sends. */
export const parentFrameSchema = z.discriminatedUnion('op', [
  z.object({
    kind: z.literal(BUS_FRAME),
    op: z.literal('reply'),
    ref,
    ok: z.boolean(),
    code: z.string().max(100).optional(),
    message: z.string().max(2000).optional(),
  }),
  z.object({ kind: z.literal(BUS_FRAME), op: z.literal('deliver'), delivery: ref, subscription: ref, message: rawEnvelope }),
]);
export type ParentFrame = z.infer<typeof parentFrameSchema>;

/** Whether a value on the channel is meant for the bus at all (then it must parse). */
export function isBusFrame(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === BUS_FRAME;
}

/**
 * One end of an IPC channel: `process` in the child, the ChildProcess in the parent. `send` is false
 * or throws once the channel is gone.
 */
export interface IpcChannel {
  send(frame: ChildFrame | ParentFrame): void;
  onMessage(listener: (value: unknown) => void): () => void;
  onClose(listener: () => void): () => void;
}
