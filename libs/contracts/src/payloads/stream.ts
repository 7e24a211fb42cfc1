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

/**
 * Viewers of one seminar on one edge node. With several edges each publishes its own count: the
 * seminar's audience is the sum of the latest count per `edgeId` (absent from older producers, which
 * ran a single node).
 */
export const viewerCountSchema = z.object({
  seminarId: id,
  companyId: id,
  count: z.int().min(0),
  at: timestamp,
  edgeId: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/).optional(),
});

/**
 * An ingest node carries this seminar's live stream and serves it to edges at `originUrl` (its
 * internal origin endpoint, which only answers edges holding the origin credential). Repeated while the
 * stream is live; an edge forgets the announcement `ttlSeconds` after the last one, or at `stream.ended`.
 */
export const originAnnouncedSchema = z.object({
  seminarId: id,
  companyId: id,
  streamId: id,
  originUrl: z.url({ protocol: /^https$/ }).max(2048),
  ttlSeconds: z.int().min(1).max(3600),
  announcedAt: timestamp,
});
