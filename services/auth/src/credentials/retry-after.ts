import type { FastifyReply } from 'fastify';
import { CredentialErrors } from './credential.errors';

/**
 * Runs `work`; when the account is backing off, puts the wait in `Retry-After` (RFC 9110) before the
 * error filter answers 429 — the filter keeps headers already set on the reply.
 */
export async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (CredentialErrors.loginBackoff.is(error)) void reply.header('retry-after', String(error.details.retryAfterSeconds));
    throw error;
  }
}
