// The playback token's claims as far as the page needs them, read WITHOUT verifying the signature:
// the edge verifies every request, so these only steer the page — which protocols to try (the
// company's `pro`; the edge refuses the others anyway), how to word a refusal (`exp`) and when to
// refresh (`exp` − `iat`: the lifetime on cms's clock, whatever the viewer's clock says).
import type { PlaybackProtocol } from '@webinar/contracts';

/** Kept in step with PLAYBACK_PROTOCOLS in @webinar/contracts (not imported: the bundle stays free of zod). */
const KNOWN_PROTOCOLS: readonly PlaybackProtocol[] = ['flv', 'hls'];

export interface AdvisoryClaims {
  protocols: PlaybackProtocol[];
  /** Seconds since the epoch, when present. */
  expiresAt: number | undefined;
  /** Seconds since the epoch, when present. */
  issuedAt?: number;
}

export function readAdvisoryClaims(token: string): AdvisoryClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(decodeBase64Url(payload));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { pro, exp, iat } = claims as { pro?: unknown; exp?: unknown; iat?: unknown };
  if (!Array.isArray(pro)) return undefined;
  // Order is the player's (lowest latency first), not the token's; unknown names are ignored.
  const protocols = KNOWN_PROTOCOLS.filter((p) => pro.includes(p));
  if (protocols.length === 0) return undefined;
  return { protocols, expiresAt: typeof exp === 'number' ? exp : undefined, ...(typeof iat === 'number' ? { issuedAt: iat } : {}) };
}

function decodeBase64Url(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
