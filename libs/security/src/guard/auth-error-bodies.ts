// The bodies of the guard's errors: the same codes and wording as @webinar/http's error catalogue.
export interface AuthErrorBody {
  code: 'AUTH.UNAUTHENTICATED' | 'AUTH.FORBIDDEN' | 'AUTH.UNAVAILABLE';
  message: string;
}

export function unauthenticatedBody(): AuthErrorBody {
  return { code: 'AUTH.UNAUTHENTICATED', message: 'Authentication is required.' };
}

export function forbiddenBody(): AuthErrorBody {
  return { code: 'AUTH.FORBIDDEN', message: 'You are not allowed to do this.' };
}

export function unavailableBody(): AuthErrorBody {
  return { code: 'AUTH.UNAVAILABLE', message: 'Authentication is temporarily unavailable.' };
}
