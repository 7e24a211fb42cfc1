import { PLAYBACK_PROTOCOLS, timestamp } from '@webinar/contracts';
import { z } from 'zod';

/** What the console shows once: the OBS settings. */
export const streamKeyView = z.object({
  keyId: z.string(),
  server: z.string(),
  streamKey: z.string(),
  keyframeIntervalSeconds: z.literal(1),
  validFrom: timestamp,
  validUntil: timestamp,
});
export type StreamKeyView = z.input<typeof streamKeyView>;

export const playbackTokenView = z.object({
  token: z.string(),
  expiresAt: timestamp,
  protocols: z.array(z.enum(PLAYBACK_PROTOCOLS)),
  /** The media edge's origin (`MEDIA_EDGE_URL`), where `/live/<seminar>/<token>/…` is served. */
  edgeOrigin: z.string(),
});
export type PlaybackTokenView = z.input<typeof playbackTokenView>;
