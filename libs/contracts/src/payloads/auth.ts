import { z } from 'zod';
import { id, text, timestamp } from './primitives';

/** One session ended early (logout, admin action): services drop caches keyed by it. */
export const sessionRevokedSchema = z.object({
  sessionId: id,
  userId: id,
  revokedAt: timestamp,
  reason: text(200).optional(),
});

/**
 * Root ended an elevation early: the session's tokens that carry `elv` are void; its ordinary
 * tokens, and the session itself, stay valid. (Expiry needs no message: elevated tokens end with it.)
 */
export const elevationEndedSchema = z.object({
  elevationId: id,
  userId: id,
  sessionId: id,
  endedAt: timestamp,
});

/** Every session of a user is void (account disabled or deleted, password reset). */
export const userRevokedSchema = z.object({
  userId: id,
  companyId: id.nullable(),
  revokedAt: timestamp,
  reason: text(200).optional(),
});
