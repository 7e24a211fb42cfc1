export type MessagingErrorCode =
  /** The payload does not match the event's contract schema. */
  | 'INVALID_PAYLOAD'
  /** The name is not in the event catalogue. */
  | 'UNKNOWN_EVENT'
  /** An envelope field other than the payload is malformed (e.g. a non-UUID id). */
  | 'INVALID_ENVELOPE'
  /** Consumer options are unusable (queue name, events, limits). */
  | 'INVALID_CONSUMER'
  /** The bus is closing or closed. */
  | 'BUS_CLOSED'
  /** The broker could not be reached or did not confirm within the publish timeout. */
  | 'BROKER_UNAVAILABLE'
  /** A queue already exists with different settings than this consumer asks for. */
  | 'TOPOLOGY_MISMATCH'
  /** A schema name is not a plain SQL identifier. */
  | 'INVALID_SCHEMA_NAME'
  /** The outbox was written outside a transaction, so it would not be atomic with the change. */
  | 'NO_TRANSACTION'
  /** The outbox relay could not publish a pending row; it stays pending for the next attempt. */
  | 'OUTBOX_PUBLISH_FAILED';

export class MessagingError extends Error {
  override readonly name = 'MessagingError';

  constructor(
    readonly code: MessagingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isMessagingError(error: unknown, code?: MessagingErrorCode): error is MessagingError {
  return error instanceof MessagingError && (code === undefined || error.code === code);
}

/** A log-safe summary of something thrown: name and message, no payload-bearing properties. */
export function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (error instanceof MessagingError) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'NonError', message: String(error) };
}
