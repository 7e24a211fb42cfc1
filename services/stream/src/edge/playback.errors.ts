// What the media edge answers a viewer. Every refused token gets the same 401 message; the code says
// which check failed, for support and the player's retry logic.
import { defineErrors } from '@webinar/http';

const TOKEN_REQUIRED = 'A valid playback token is required.';

export const PlaybackErrors = defineErrors({
  tokenMissing: { code: 'PLAYBACK.TOKEN_MISSING', status: 401, message: TOKEN_REQUIRED },
  tokenInvalid: { code: 'PLAYBACK.TOKEN_INVALID', status: 401, message: TOKEN_REQUIRED },
  tokenExpired: { code: 'PLAYBACK.TOKEN_EXPIRED', status: 401, message: TOKEN_REQUIRED },
  revoked: { code: 'PLAYBACK.REVOKED', status: 401, message: TOKEN_REQUIRED },
  wrongSeminar: { code: 'PLAYBACK.WRONG_SEMINAR', status: 403, message: 'This playback token is for another seminar.' },
  protocolNotAllowed: { code: 'PLAYBACK.PROTOCOL_NOT_ALLOWED', status: 403, message: 'Your organisation does not allow this playback protocol.' },
  /** An escaped or otherwise non-canonical media path (see media-route.ts): refused before the token is read. */
  pathNotCanonical: { code: 'PLAYBACK.PATH_NOT_CANONICAL', status: 400, message: 'The media path is not in canonical form.' },
  notFound: { code: 'PLAYBACK.NOT_FOUND', status: 404, message: 'No such stream or file.' },
  notLive: { code: 'PLAYBACK.NOT_LIVE', status: 404, message: 'This seminar is not live.' },
  /** The edge could not get the object from the origin (a gateway failure, not this node's). */
  originUnavailable: { code: 'PLAYBACK.ORIGIN_UNAVAILABLE', status: 502, message: 'The stream is temporarily unavailable; try again shortly.' },
});
