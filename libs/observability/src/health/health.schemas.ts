import { z } from 'zod';

export const liveBody = z.object({ status: z.literal('ok') });

export const readinessReport = z.object({
  status: z.enum(['ok', 'unavailable']),
  /** Check name → its state; why one is down goes to the log, never into this body. */
  checks: z.record(z.string(), z.enum(['ok', 'down'])),
});
export type ReadinessReport = z.input<typeof readinessReport>;
export type CheckState = ReadinessReport['checks'][string];
