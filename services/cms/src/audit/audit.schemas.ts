import { timestamp } from '@webinar/contracts';
import { z } from 'zod';

export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntryView = z.object({
  id: z.uuid(),
  /** The company whose chain the entry is in; null for the platform's own chain. */
  chain: z.uuid().nullable(),
  seq: z.number().int(),
  occurredAt: timestamp,
  actorId: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  hash: z.string(),
  prevHash: z.string(),
});
export type AuditEntryView = z.input<typeof auditEntryView>;
