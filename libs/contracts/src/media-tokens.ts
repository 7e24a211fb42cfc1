// The two tokens that cross from the web tier (cms signs them) to the media tier (stream verifies
// them locally against cms's key set at /cms/.well-known/jwks.json). Both are EdDSA JWTs signed with
// @webinar/security's signJwt; these schemas are the claims both sides agree on.
import { z } from 'zod';

/** `iss` of stream keys and playback tokens. */
export const MEDIA_TOKEN_ISSUER = 'webinar-cms';
/** `aud` of stream keys and playback tokens. */
export const MEDIA_TOKEN_AUDIENCE = 'stream';

/** Playback protocols, in the order the player tries them (lowest latency first, HLS last). */
export const PLAYBACK_PROTOCOLS = ['flv', 'hls'] as const;
export type PlaybackProtocol = (typeof PLAYBACK_PROTOCOLS)[number];

/**
 * A presenter's stream key (typ `stream-key+jwt`). OBS gets server `rtmps://<media host>:<port>/live`
 * and stream key `<seminarId>?key=<jwt>`. `nbf`/`exp` bound the window around the schedule; `jti` is
 * the key id that rotation revokes (`cms.stream-key.rotated.v1`).
 */
export const streamKeyClaimsSchema = z.object({
  sub: z.uuid(), // the presenter
  sem: z.uuid(), // the seminar
  cid: z.uuid(), // the company
  jti: z.uuid(),
  nbf: z.number().int(),
  exp: z.number().int(),
});
export type StreamKeyClaims = z.infer<typeof streamKeyClaimsSchema>;

/**
 * A viewer's playback token (typ `playback+jwt`, lifetime ≤ 5 min, refreshed by the player). `pro`
 * lists the protocols the viewer's company allows; the edge refuses the others.
 */
export const playbackClaimsSchema = z.object({
  sub: z.uuid(), // the viewer
  sem: z.uuid(), // the seminar
  sid: z.uuid(), // the viewer's session (revocation by session)
  cid: z.uuid(), // the company
  pro: z.array(z.enum(PLAYBACK_PROTOCOLS)).min(1),
  exp: z.number().int(),
});
export type PlaybackClaims = z.infer<typeof playbackClaimsSchema>;
