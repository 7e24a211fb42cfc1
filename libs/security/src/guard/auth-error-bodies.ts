// The bodies of the guard's errors, taken from the shared catalogue in @webinar/contracts (this
// library sits below @webinar/http, so it throws Nest's exceptions with the catalogue's body, which
// the exception filter renders as they are).
import { type ErrorSpec, fixedMessage, SharedErrors } from '@webinar/contracts';

type GuardSpec =
  | typeof SharedErrors.unauthenticated
  | typeof SharedErrors.forbidden
  | typeof SharedErrors.mfaRequired
  | typeof SharedErrors.unavailable
  | typeof SharedErrors.internalUnauthenticated;

export interface AuthErrorBody {
  code: GuardSpec['code'];
  message: string;
}

function bodyOf<S extends GuardSpec & ErrorSpec<never>>(spec: S): { code: S['code']; message: string } {
  return { code: spec.code, message: fixedMessage(spec) };
}

export const unauthenticatedBody = (): AuthErrorBody => bodyOf(SharedErrors.unauthenticated);
export const forbiddenBody = (): AuthErrorBody => bodyOf(SharedErrors.forbidden);
/** The UI branches on the code: it sends the person to sign in with password + authenticator. */
export const mfaRequiredBody = (): AuthErrorBody => bodyOf(SharedErrors.mfaRequired);
/** The issuer's key set cannot be fetched right now: the one 503 code, the client may retry. */
export const unavailableBody = (): AuthErrorBody => bodyOf(SharedErrors.unavailable);
export const internalUnauthenticatedBody = (): AuthErrorBody => bodyOf(SharedErrors.internalUnauthenticated);
