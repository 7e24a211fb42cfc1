import type { FastifyReply } from 'fastify';
import { LoginBackoff } from '../errors';

/**
 * Runs `work`; when the account is backing off, puts the wait in `Retry-After` (RFC 9110) before the
 * error filter answers 429 — the filter keeps headers already set on the reply.
 */
export async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LoginBackoff) void reply.header('retry-after', String(error.retryAfterSeconds));
    throw error;
  }
}
