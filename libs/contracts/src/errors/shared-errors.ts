// Codes more than one service (and the browser client) answers or branches on. Each is declared here
// once; a service's catalogue reuses the entry instead of restating the code.
import { errorSpecs } from './error-spec';

export const SharedErrors = errorSpecs({
  invalidRequest: { code: 'REQUEST.INVALID', status: 400, message: 'The request is malformed.' },
  payloadTooLarge: { code: 'REQUEST.TOO_LARGE', status: 413, message: 'The request body is too large.' },
  unsupportedMediaType: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', status: 415, message: 'Unsupported content type.' },
  unauthenticated: { code: 'AUTH.UNAUTHENTICATED', status: 401, message: 'Authentication is required.' },
  forbidden: { code: 'AUTH.FORBIDDEN', status: 403, message: 'You are not allowed to do this.' },
  /** The UI branches on the code: it sends the person to sign in with password + authenticator. */
  mfaRequired: {
    code: 'AUTH.MFA_REQUIRED',
    status: 403,
    message: 'This action needs a sign-in with password and authenticator code; sign in again with your password and authenticator app.',
  },
  /** Root acts on company data only while elevated (auth and cms alike). */
  elevationRequired: { code: 'AUTH.ELEVATION_REQUIRED', status: 403, message: 'Root must be elevated to act on company data.' },
  /** An internal route (one service calling another) without a valid internal credential. */
  internalUnauthenticated: { code: 'INTERNAL.UNAUTHENTICATED', status: 401, message: 'This route is for the platform\'s own services.' },
  notFound: { code: 'ROUTE.NOT_FOUND', status: 404, message: 'Not found.' },
  methodNotAllowed: { code: 'ROUTE.METHOD_NOT_ALLOWED', status: 405, message: 'Method not allowed.' },
  rateLimited: { code: 'RATE.LIMITED', status: 429, message: 'Too many requests; slow down.' },
  /**
   * The one code for 503: a dependency (a key set, the revocation snapshot) is briefly unreachable and
   * the client may retry. Which one is for the log, not for the client to branch on.
   */
  unavailable: { code: 'SERVICE.UNAVAILABLE', status: 503, message: 'Temporarily unavailable; try again shortly.' },
  internal: { code: 'INTERNAL', status: 500, message: 'Internal error.' },
});
