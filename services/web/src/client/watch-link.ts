// What the viewer page needs from its link: the seminar, the playback token and the media host. They
// ride in the URL *fragment* (`watch.html#seminar=…&token=…&edge=…`), which the browser never sends
// to a server, so no access log or proxy sees the token (and Referrer-Policy is no-referrer anyway).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A compact JWS: three base64url parts. The edge verifies it; this only rejects obvious garbage. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 8192;

export interface WatchLink {
  seminarId: string;
  token: string;
  /** Origin of the media edge, e.g. `https://media.example:8444`. */
  edgeOrigin: string;
}

export type WatchLinkResult = { ok: true; link: WatchLink } | { ok: false; problem: string };

/**
 * Reads `#seminar=<uuid>&token=<jwt>[&edge=<https origin>]`. Without `edge` the media host is the
 * page's own origin (a deployment that routes `/live/` there). Only an https origin is accepted, so a
 * crafted link cannot make the page send the token over plain HTTP.
 */
export function parseWatchLink(hash: string, pageOrigin: string): WatchLinkResult {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const seminarId = params.get('seminar') ?? '';
  const token = params.get('token') ?? '';
  if (!UUID.test(seminarId)) return { ok: false, problem: 'The link has no valid seminar id.' };
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    return { ok: false, problem: 'The link has no valid playback token.' };
  }
  const edge = params.get('edge');
  const edgeOrigin = edge === null ? pageOrigin : httpsOrigin(edge);
  if (!edgeOrigin) return { ok: false, problem: 'The link names an invalid media host.' };
  return { ok: true, link: { seminarId: seminarId.toLowerCase(), token, edgeOrigin } };
}

function httpsOrigin(value: string): string | undefined {
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
