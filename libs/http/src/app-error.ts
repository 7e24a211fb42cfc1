// Domain errors carry a stable string code (MODULE.REASON) that clients may branch on, an HTTP status,
// and a message that is safe to show. Internals never go in the message.
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The body of every error response. */
export interface ErrorBody {
  code: string;
  message: string;
  errorId?: string;
  issues?: { path: string; message: string }[];
}
