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

/** Replaces the token-like segments of a path (no query expected). */
export function redactPath(path: string): string {
  if (path.length < 20) return path;
  return path
    .split('/')
    .map((segment) => (looksLikeToken(segment) ? REDACTED_SEGMENT : segment))
    .join('/');
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
