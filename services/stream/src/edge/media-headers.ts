// Security headers of the media route, computed once. The platform's helmet plugin (libs/http) builds
// its middleware again for every request (it parses the CSP directives each time): ~4 % of the edge's
// CPU when every response is a playlist or a segment. The media route skips it (`MEDIA_ROUTE_CONFIG`)
// and sets these first thing, so its error responses (400, 401, 403, 404) carry them too. The one
// deliberate difference: Cross-Origin-Resource-Policy is same-site, so the web app (another origin of
// the same site) can load media.
// test/edge.int-spec.ts keeps this list equal to what helmet sends on the platform's other routes.

export const MEDIA_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'self';base-uri 'none';form-action 'self';frame-ancestors 'none';object-src 'none';" +
    "img-src 'self' data:;media-src 'self' blob: https:;connect-src 'self' https: wss:;worker-src 'self' blob:",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-site',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/** Fastify route config of the media route: helmet skips it (the route sets the headers above). */
export const MEDIA_ROUTE_CONFIG = { helmet: { skipRoute: true } } as const;

