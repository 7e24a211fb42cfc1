// The failures the framework itself produces (before any module's own errors), taken from the shared
// catalogue in @webinar/contracts: an HttpException or a Fastify error without our code gets the
// shared code of its status.
import { fixedMessage, SharedErrors } from '@webinar/contracts';
import { defineErrors } from './errors/define-errors';

/** Throwers for the shared codes: `HttpErrors.rateLimited()`, `HttpErrors.unavailable()`. */
export const HttpErrors = defineErrors(SharedErrors);

/** The shared codes by key (`HttpErrorCodes.invalidRequest === 'REQUEST.INVALID'`). */
export const HttpErrorCodes = Object.fromEntries(Object.entries(SharedErrors).map(([key, spec]) => [key, spec.code])) as {
  readonly [K in keyof typeof SharedErrors]: (typeof SharedErrors)[K]['code'];
};

/** The code a bare status falls back to; 401/403 are the guard's, 404/405 the router's. */
const byStatus: Record<number, string> = {
  400: SharedErrors.invalidRequest.code,
  401: SharedErrors.unauthenticated.code,
  403: SharedErrors.forbidden.code,
  404: SharedErrors.notFound.code,
  405: SharedErrors.methodNotAllowed.code,
  413: SharedErrors.payloadTooLarge.code,
  415: SharedErrors.unsupportedMediaType.code,
  429: SharedErrors.rateLimited.code,
  503: SharedErrors.unavailable.code,
};

const publicMessages: Record<string, string> = Object.fromEntries(
  Object.values(SharedErrors).map((spec) => [spec.code, fixedMessage(spec)]),
);

export function codeForStatus(status: number): string {
  return byStatus[status] ?? (status >= 500 ? SharedErrors.internal.code : SharedErrors.invalidRequest.code);
}

export function messageForCode(code: string): string {
  return publicMessages[code] ?? 'The request failed.';
}
