// What the media child tells its parent about itself, beside the bus frames on the same IPC channel
// (libs/messaging/src/ipc): `ready` once it listens and serves, `stopping` when it begins to drain.
// The parent parses every such frame before it believes it.
import { z } from 'zod';

export const MEDIA_FRAME = 'media';

export const mediaStateFrameSchema = z.object({
  kind: z.literal(MEDIA_FRAME),
  state: z.enum(['ready', 'stopping']),
});
export type MediaStateFrame = z.infer<typeof mediaStateFrameSchema>;

/** The child's exit status when it could not start (a port in use, a bad setting): a restart would fail alike. */
export const MEDIA_START_FAILED = 3;
