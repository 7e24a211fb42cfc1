// Words a refusal. The edge's answer is not readable here: it sends CORS headers only with media,
// not with its 401/403/404 errors, so a failed cross-origin request is opaque to the page. The
// token's own `exp` tells the one case the viewer can act on by getting a fresh link.
import type { AdvisoryClaims } from './token-claims';

export function refusalMessage(claims: AdvisoryClaims | undefined, nowMs: number): string {
  if (claims?.expiresAt !== undefined && claims.expiresAt * 1000 <= nowMs) {
    return 'Playback refused: this link has expired. Open the seminar again to get a fresh one.';
  }
  return 'Playback refused or not available: the link may be invalid or revoked, or the seminar is not live yet.';
}
