import { z } from 'zod';
import { ERASURE_CONFIRMATION } from './privacy.constants';

export const erasureBody = z.strictObject({ confirm: z.literal(ERASURE_CONFIRMATION) });
export type ErasureBody = z.infer<typeof erasureBody>;

export interface ExportStatusView {
  id: string;
  status: 'pending';
  expectedServices: string[];
  receivedServices: string[];
  requestedAt: string;
  expiresAt: string;
}

export interface ExportDocument {
  exportId: string;
  status: 'complete';
  generatedAt: string;
  subject: { userId: string; companyId: string };
  /** Service name → what that service holds about the person. */
  services: Record<string, unknown>;
}

export interface ErasureView {
  requestId: string;
  status: 'pending';
  expectedServices: string[];
}
