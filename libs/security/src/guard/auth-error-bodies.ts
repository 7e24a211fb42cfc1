// The bodies of the guard's errors: the same codes and wording as @webinar/http's error catalogue.
export interface AuthErrorBody {
  code: 'AUTH.UNAUTHENTICATED' | 'AUTH.FORBIDDEN' | 'AUTH.MFA_REQUIRED' | 'AUTH.UNAVAILABLE';
  message: string;
}

export function unauthenticatedBody(): AuthErrorBody {
  return { code: 'AUTH.UNAUTHENTICATED', message: 'Authentication is required.' };
}

export function forbiddenBody(): AuthErrorBody {
  return { code: 'AUTH.FORBIDDEN', message: 'You are not allowed to do this.' };
}

/** The UI branches on the code: it sends the person to sign in with password + authenticator. */
export function mfaRequiredBody(): AuthErrorBody {
  return {
    code: 'AUTH.MFA_REQUIRED',
    message: 'This action needs a sign-in with password and authenticator code; sign in again with your password and authenticator app.',
  };
}

export function unavailableBody(): AuthErrorBody {
  return { code: 'AUTH.UNAVAILABLE', message: 'Authentication is temporarily unavailable.' };
}
