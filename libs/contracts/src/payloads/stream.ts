import { z } from 'zod';
import { id, text, timestamp } from './primitives';

export const streamStartedSchema = z.object({
  seminarId: id,
  companyId: id,
  streamId: id,
  startedAt: timestamp,
});

export const streamEndedSchema = z.object({
  seminarId: id,
  companyId: id,
  streamId: id,
  endedAt: timestamp,
  reason: text(200).optional(),
});

export const viewerJoinedSchema = z.object({
  seminarId: id,
  companyId: id,
  userId: id,
  viewerSessionId: id,
  joinedAt: timestamp,
});

export const viewerLeftSchema = z.object({
  seminarId: id,
  companyId: id,
  userId: id,
  viewerSessionId: id,
  leftAt: timestamp,
});

export const viewerCountSchema = z.object({
  seminarId: id,
  companyId: id,
  count: z.int().min(0),
  at: timestamp,
});
