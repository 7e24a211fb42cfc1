// What the viewer page needs from its link. It rides in the URL *fragment*, which the browser never
// sends to a server, so no access log or proxy sees it (and Referrer-Policy is no-referrer anyway):
// - `watch.html#seminar=<uuid>`: the page asks cms for playback tokens itself, with the viewer's
//   session, and refreshes them (the usual link: it holds no secret);
// - `watch.html#seminar=<uuid>&token=<jwt>[&edge=<https origin>]`: a link built by an admin with a
//   fixed token; played until that token expires, never refreshed.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A compact JWS: three base64url parts. The edge verifies it; this only rejects obvious garbage. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 8192;

export interface FixedToken {
  token: string;
  /** Origin of the media edge, e.g. `https://media.example:8444`. */
  edgeOrigin: string;
}

export interface WatchLink {
  seminarId: string;
  /** Present when the link carries its own token; absent: the page gets tokens from cms. */
  fixed?: FixedToken;
}

export type WatchLinkResult = { ok: true; link: WatchLink } | { ok: false; problem: string };

export function isCompactJws(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && COMPACT_JWS.test(token);
}

/**
 * Reads `#seminar=<uuid>[&token=<jwt>[&edge=<https origin>]]`. With a token but without `edge` the
 * media host is the page's own origin (a deployment that routes `/live/` there). Only an https origin
 * is accepted, so a crafted link cannot make the page send the token over plain HTTP. Without a token
 * `edge` is ignored: cms names the edge with each token, a link cannot redirect them.
 */
export function parseWatchLink(hash: string, pageOrigin: string): WatchLinkResult {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const seminarId = params.get('seminar') ?? '';
  if (!UUID.test(seminarId)) return { ok: false, problem: 'The link has no valid seminar id.' };
  const token = params.get('token');
  if (token === null) return { ok: true, link: { seminarId: seminarId.toLowerCase() } };
  if (!isCompactJws(token)) return { ok: false, problem: 'The link has no valid playback token.' };
  const edge = params.get('edge');
  const edgeOrigin = edge === null ? pageOrigin : httpsOrigin(edge);
  if (!edgeOrigin) return { ok: false, problem: 'The link names an invalid media host.' };
  return { ok: true, link: { seminarId: seminarId.toLowerCase(), fixed: { token, edgeOrigin } } };
}

/** The origin of an https URL that is nothing but an origin; undefined for anything else. */
export function httpsOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    // An origin only: a path, query or credentials in it would be a confused or crafted link.
    if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) return undefined;
    if (url.pathname !== '/' && url.pathname !== '') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}
