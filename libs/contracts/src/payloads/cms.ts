import { z } from 'zod';
import { id, text, timestamp } from './primitives';

export const companyCreatedSchema = z.object({
  companyId: id,
  name: text(200),
  createdAt: timestamp,
});

export const registrationCreatedSchema = z.object({
  registrationId: id,
  seminarId: id,
  companyId: id,
  userId: id,
  createdAt: timestamp,
});

export const registrationCancelledSchema = z.object({
  registrationId: id,
  seminarId: id,
  companyId: id,
  userId: id,
  cancelledAt: timestamp,
});

/**
 * Carries the user's complete role set after the change (not a delta), so a consumer that sees a
 * redelivered or late message converges by replacing state instead of replaying arithmetic.
 * `seminarId` null means the grant applies company-wide.
 */
export const grantChangedSchema = z.object({
  companyId: id,
  userId: id,
  seminarId: id.nullable(),
  roles: z.array(text(64)).max(32),
  changedAt: timestamp,
});

export const seminarScheduledSchema = z.object({
  seminarId: id,
  companyId: id,
  title: text(200),
  startsAt: timestamp,
  endsAt: timestamp.nullable(),
  scheduledAt: timestamp,
});

export const seminarLiveSchema = z.object({
  seminarId: id,
  companyId: id,
  liveAt: timestamp,
});

export const seminarEndedSchema = z.object({
  seminarId: id,
  companyId: id,
  endedAt: timestamp,
});

/**
 * Names the new key by id only: the key (or anything derived from it) never travels on the bus,
 * since messages end up in logs and dead-letter queues. Consumers disconnect publishers that
 * authenticated with `previousKeyId`.
 */
export const streamKeyRotatedSchema = z.object({
  seminarId: id,
  companyId: id,
  keyId: id,
  previousKeyId: id.nullable(),
  rotatedAt: timestamp,
});
