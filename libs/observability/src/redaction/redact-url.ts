import { looksLikeToken } from './token-like';

export const REDACTED_SEGMENT = '[redacted]';

/**
 * Makes a request URL safe to log: drops the query string and fragment (where tokens travel, e.g. HLS
 * `?token=`), drops any user:password, and replaces path segments that look like tokens with `[redacted]`.
 * Accepts a path (`/hls/abc/index.m3u8?token=…`) or an absolute URL.
 */
export function redactUrl(url: string): string {
  const end = firstIndexOf(url, '?', '#');
  const withoutQuery = end === -1 ? url : url.slice(0, end);
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(withoutQuery)?.[0];
  if (origin === undefined) return redactPath(withoutQuery);
  return stripUserInfo(origin) + redactPath(withoutQuery.slice(origin.length));
}

/**
 * Replaces the path segments (no query expected) that hold a token in any representation: as is, or
 * once percent-decoded (`%2E` for `.`, `%65` for `e`, double encoding), and anywhere inside the
 * segment (`<token>;x` matrix parameters, `<token>%2f..%2f…` encoded slashes, a JWE's five parts).
 * A server decodes before it routes, so the log must judge what the server sees, not the raw bytes;
 * the whole raw segment is masked, so no encoded form of the token survives either.
 */
export function redactPath(path: string): string {
  if (path.length < 20) return path;
  return path
    .split('/')
    .map((segment) => (segmentHoldsToken(segment) ? REDACTED_SEGMENT : segment))
    .join('/');
}

/** Rounds of percent-decoding looked through (`%252E` → `%2E` → `.` takes two). */
const MAX_DECODE_ROUNDS = 4;
/**
 * Separators of candidate tokens: anything but base64url and compact JWS/JWE characters, and `%XX`
 * escapes (their hex digits are no token's; the decoded form is judged in the next round).
 */
const NOT_TOKEN_CHARACTER = /(?:%[0-9A-Fa-f]{2}|[^A-Za-z0-9_\-.=])+/;

/** True when the segment, raw or decoded, contains a JWT/JWE or a long random-looking value. */
export function segmentHoldsToken(segment: string): boolean {
  if (segment.length < 20) return false;
  let form = segment;
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round++) {
    if (formHoldsToken(form)) return true;
    const decoded = percentDecode(form);
    if (decoded === form) return false;
    form = decoded;
  }
  // Still decoding after that many rounds: nobody legitimate writes that; mask it.
  return true;
}

function formHoldsToken(form: string): boolean {
  if (looksLikeToken(form)) return true;
  for (const piece of form.split(NOT_TOKEN_CHARACTER)) {
    if (piece.length < 20) continue;
    if (looksLikeToken(piece)) return true;
    // A compact JWS/JWE whose parts were reshuffled, shortened or padded: its base64url parts are random.
    if (piece.includes('.') && piece.split('.').some((part) => looksLikeToken(part))) return true;
  }
  return false;
}

/** decodeURIComponent that never throws: malformed or non-UTF-8 escapes are decoded byte by byte. */
function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

function stripUserInfo(origin: string): string {
  const at = origin.lastIndexOf('@');
  if (at === -1) return origin;
  const schemeEnd = origin.indexOf('://') + 3;
  return origin.slice(0, schemeEnd) + origin.slice(at + 1);
}

function firstIndexOf(text: string, ...needles: string[]): number {
  let first = -1;
  for (const needle of needles) {
    const index = text.indexOf(needle);
    if (index !== -1 && (first === -1 || index < first)) first = index;
  }
  return first;
}
