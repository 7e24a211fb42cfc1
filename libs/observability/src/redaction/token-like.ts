// Heuristics for "this URL path segment is a credential". They run on every logged request, so they are plain
// regular expressions, and they err towards masking: a masked slug costs a little debugging, a logged token
// costs an incident.

import { isUuid } from '@webinar/contracts';

const JWT_LIKE = /^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*$/;
const BASE64URL_20 = /^[A-Za-z0-9_-]{20,}={0,2}$/;
const ALPHANUMERIC_24 = /^[A-Za-z0-9]{24,}$/;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;

/**
 * True for JWT-like values and for long random-looking strings: base64url of 20+ characters in mixed case
 * (random base64url almost never lacks either case, readable slugs almost always do), or 24+ letters and
 * digits without separators (hex, base32). UUIDs are record ids, not credentials, and are kept.
 */
export function looksLikeToken(segment: string): boolean {
  if (segment.length < 20 || isUuid(segment)) return false;
  if (JWT_LIKE.test(segment)) return true;
  if (BASE64URL_20.test(segment) && UPPER.test(segment) && LOWER.test(segment)) return true;
  return ALPHANUMERIC_24.test(segment) && DIGIT.test(segment);
}
