// The HTTP instrumentation records the request path and query on spans. Tokens travel there (HLS playlist
// `?token=`, invitation links), and spans leave the process, so the same redaction as for logs applies.
import type { IncomingMessage, RequestOptions } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { redactPath, redactUrl } from '../redaction/redact-url';

const REDACTED_VALUE = 'REDACTED';

/** Attributes overriding `url.path` and `url.query` on server spans (hook attributes are applied last). */
export function redactedIncomingAttributes(request: IncomingMessage): Attributes {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const attributes: Attributes = { 'url.path': redactPath(path) };
  if (queryStart !== -1) attributes['url.query'] = redactQueryValues(url.slice(queryStart + 1));
  return attributes;
}

/** Attributes overriding `url.full` on client spans. */
export function redactedOutgoingAttributes(options: RequestOptions): Attributes {
  const protocol = options.protocol ?? 'http:';
  const host = options.hostname ?? options.host ?? 'localhost';
  const port = options.port === undefined || options.port === null ? '' : `:${String(options.port)}`;
  return { 'url.full': redactUrl(`${protocol}//${host}${port}${options.path ?? '/'}`) };
}

/** Keeps parameter names (useful to debug) and hides every value. */
function redactQueryValues(query: string): string {
  return query
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => `${pair.split('=', 1)[0]}=${REDACTED_VALUE}`)
    .join('&');
}
