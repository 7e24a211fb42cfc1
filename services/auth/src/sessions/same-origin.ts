// CSRF defence for cookie-authenticated state changes (ASVS 3.5.x), on top of SameSite=Strict: a
// browser request must show it comes from our own origin. Fetch Metadata (`Sec-Fetch-Site`) when the
// browser sends it, else the `Origin` header; a request with neither is refused.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginHeaders {
  origin?: string | string[] | undefined;
  'sec-fetch-site'?: string | string[] | undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

export function isSameOriginRequest(method: string, headers: OriginHeaders, allowedOrigin: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const fetchSite = single(headers['sec-fetch-site']);
  const origin = single(headers.origin);
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return false;
  if (origin !== undefined) return origin === allowedOrigin;
  return fetchSite === 'same-origin';
}
