import { timestamp } from '@webinar/contracts';
import { z } from 'zod';
import { ERASURE_CONFIRMATION } from './privacy.constants';

export const erasureBody = z.strictObject({ confirm: z.literal(ERASURE_CONFIRMATION) });
export type ErasureBody = z.infer<typeof erasureBody>;

export const exportStatusView = z.object({
  id: z.uuid(),
  status: z.literal('pending'),
  expectedServices: z.array(z.string()),
  receivedServices: z.array(z.string()),
  requestedAt: timestamp,
  expiresAt: timestamp,
});
export type ExportStatusView = z.input<typeof exportStatusView>;

export const exportDocument = z.object({
  exportId: z.uuid(),
  status: z.literal('complete'),
  generatedAt: timestamp,
  subject: z.object({ userId: z.uuid(), companyId: z.uuid() }),
  /** Service name → what that service holds about the person (each service's own shape). */
  services: z.record(z.string(), z.unknown()),
});
export type ExportDocument = z.input<typeof exportDocument>;

/** `GET /cms/me/exports/:id`: the status while services still answer, then (once) the document. */
export const exportFetchView = z.discriminatedUnion('status', [exportStatusView, exportDocument]);

export const erasureView = z.object({
  requestId: z.uuid(),
  status: z.literal('pending'),
  expectedServices: z.array(z.string()),
});
export type ErasureView = z.input<typeof erasureView>;
