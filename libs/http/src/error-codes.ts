// Stable codes for failures the framework itself produces (before any module's own errors).
export const HttpErrorCodes = {
  invalidRequest: 'REQUEST.INVALID',
  payloadTooLarge: 'REQUEST.TOO_LARGE',
  unsupportedMediaType: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  unauthenticated: 'AUTH.UNAUTHENTICATED',
  forbidden: 'AUTH.FORBIDDEN',
  notFound: 'ROUTE.NOT_FOUND',
  methodNotAllowed: 'ROUTE.METHOD_NOT_ALLOWED',
  rateLimited: 'RATE.LIMITED',
  unavailable: 'SERVICE.UNAVAILABLE',
  internal: 'INTERNAL',
} as const;

const byStatus: Record<number, string> = {
  400: HttpErrorCodes.invalidRequest,
  401: HttpErrorCodes.unauthenticated,
  403: HttpErrorCodes.forbidden,
  404: HttpErrorCodes.notFound,
  405: HttpErrorCodes.methodNotAllowed,
  413: HttpErrorCodes.payloadTooLarge,
  415: HttpErrorCodes.unsupportedMediaType,
  429: HttpErrorCodes.rateLimited,
  503: HttpErrorCodes.unavailable,
};

const publicMessages: Record<string, string> = {
  [HttpErrorCodes.invalidRequest]: 'The request is malformed.',
  [HttpErrorCodes.unauthenticated]: 'Authentication is required.',
  [HttpErrorCodes.forbidden]: 'You are not allowed to do this.',
  [HttpErrorCodes.notFound]: 'Not found.',
  [HttpErrorCodes.methodNotAllowed]: 'Method not allowed.',
  [HttpErrorCodes.payloadTooLarge]: 'The request body is too large.',
  [HttpErrorCodes.unsupportedMediaType]: 'Unsupported content type.',
  [HttpErrorCodes.rateLimited]: 'Too many requests; slow down.',
  [HttpErrorCodes.unavailable]: 'Temporarily unavailable; try again shortly.',
  [HttpErrorCodes.internal]: 'Internal error.',
};

export function codeForStatus(status: number): string {
  return byStatus[status] ?? (status >= 500 ? HttpErrorCodes.internal : HttpErrorCodes.invalidRequest);
}

export function messageForCode(code: string): string {
  return publicMessages[code] ?? 'The request failed.';
}
