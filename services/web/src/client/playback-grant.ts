// Asks for a playback token the way the viewer's browser can: the session cookie buys a short cms
// access token (`POST /auth/token`, same origin: auth refuses a cookie POST without a same-origin
// `Origin`/`Sec-Fetch-Site`, which the browser sends), and that token buys the playback token
// (`POST /cms/seminars/:id/playback-token`). Both are same-origin in every shape (the standalone serves
// auth and cms itself; in production nginx proxies /auth/ and /cms/ on the web origin). Tokens travel
// only in bodies and the Authorization header, never in a URL.
import type { PlaybackProtocol } from '@webinar/contracts';
import { readAdvisoryClaims } from './token-claims';
import { httpsOrigin, isCompactJws } from './watch-link';

export interface PlaybackGrant {
  token: string;
  protocols: PlaybackProtocol[];
  edgeOrigin: string;
  /** How long the token lives, on cms's clock (its `exp` − `iat`). */
  lifetimeMs: number;
}

export type GrantResult =
  | { kind: 'granted'; grant: PlaybackGrant }
  /** auth answered 401: no session (never signed in, signed out, session expired or revoked). */
  | { kind: 'signed-out' }
  /** A refusal that asking again will not change (not registered, not live, no such seminar…). */
  | { kind: 'refused'; code: string; status: number }
  /** Network failure, overload or a server error: worth retrying later. */
  | { kind: 'unavailable'; reason: string };

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The code the client gives an answer it cannot use (a server bug, not the viewer's business). */
export const INVALID_ANSWER_CODE = 'CLIENT.INVALID_ANSWER';

export async function requestPlaybackGrant(fetchFn: FetchLike, seminarId: string, nowMs: number): Promise<GrantResult> {
  const auth = await call(fetchFn, '/auth/token', {
    method: 'POST',
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ audience: 'cms' }),
  });
  if (auth.kind !== 'answer') return auth;
  if (auth.status === 401) return { kind: 'signed-out' };
  if (!auth.ok) return failure(auth);
  const accessToken = field(auth.body, 'accessToken');
  if (typeof accessToken !== 'string') return { kind: 'refused', code: INVALID_ANSWER_CODE, status: auth.status };

  const cms = await call(fetchFn, `/cms/seminars/${encodeURIComponent(seminarId)}/playback-token`, {
    method: 'POST',
    // The bearer token is the credential; cms needs no cookie.
    credentials: 'omit',
    cache: 'no-store',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (cms.kind !== 'answer') return cms;
  // A fresh access token refused: after a role change (prospect → customer on registering) auth
  // revokes the tokens issued up to that second; the next one is good.
  if (cms.status === 401) return { kind: 'unavailable', reason: 'access token refused' };
  if (!cms.ok) return failure(cms);
  const grant = readGrant(cms.body, nowMs);
  return grant ? { kind: 'granted', grant } : { kind: 'refused', code: INVALID_ANSWER_CODE, status: cms.status };
}

type Call = { kind: 'answer'; ok: boolean; status: number; body: unknown } | { kind: 'unavailable'; reason: string };

async function call(fetchFn: FetchLike, url: string, init: RequestInit): Promise<Call> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch {
    return { kind: 'unavailable', reason: 'network failure' };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return { kind: 'answer', ok: response.ok, status: response.status, body };
}

function failure(answer: { status: number; body: unknown }): GrantResult {
  if (answer.status === 429 || answer.status >= 500) return { kind: 'unavailable', reason: `HTTP ${answer.status}` };
  const code = field(answer.body, 'code');
  return { kind: 'refused', code: typeof code === 'string' ? code : `HTTP ${answer.status}`, status: answer.status };
}

function readGrant(body: unknown, nowMs: number): PlaybackGrant | undefined {
  const token = field(body, 'token');
  const edge = field(body, 'edgeOrigin');
  const expiresAt = field(body, 'expiresAt');
  if (typeof token !== 'string' || !isCompactJws(token) || typeof edge !== 'string') return undefined;
  const edgeOrigin = httpsOrigin(edge);
  // The token's own `pro` decides the protocols (the edge enforces it); the answer's list is the same.
  const claims = readAdvisoryClaims(token);
  if (!edgeOrigin || !claims) return undefined;
  const lifetimeMs =
    claims.expiresAt !== undefined && claims.issuedAt !== undefined
      ? (claims.expiresAt - claims.issuedAt) * 1000
      : typeof expiresAt === 'string'
        ? Date.parse(expiresAt) - nowMs
        : Number.NaN;
  if (!Number.isFinite(lifetimeMs) || lifetimeMs <= 0) return undefined;
  return { token, protocols: claims.protocols, edgeOrigin, lifetimeMs };
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}
