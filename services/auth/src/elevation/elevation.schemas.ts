import { auditDetailsSchema, timestamp } from '@webinar/contracts';
import { z } from 'zod';
import { MAX_ELEVATION_SECONDS } from '../auth.options';
import { ELEVATION_STATUSES } from './elevation.entity';

/**
 * The reason goes into the audit record verbatim, so it must pass the audit schema's credential
 * check here (a 400 now) rather than fail the audit write later (a 500 after the fact).
 */
const reason = z
  .string()
  .trim()
  .min(10)
  .max(500)
  .refine((value) => auditDetailsSchema.safeParse({ reason: value }).success, 'The reason must not contain a credential.');

/** The configured maximum (≤ 8 h) is checked by the service; this is the hard bound. */
const durationSeconds = z.number().int().min(1).max(MAX_ELEVATION_SECONDS);

export const requestElevationBody = z.strictObject({ reason, durationSeconds });
export type RequestElevationBody = z.infer<typeof requestElevationBody>;

export const breakGlassBody = z.strictObject({ reason, durationSeconds, secret: z.string().min(1).max(1024) });
export type BreakGlassBody = z.infer<typeof breakGlassBody>;

export const elevationIdParam = z.uuid();

export const elevationView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  reason: z.string(),
  durationSeconds: z.number().int(),
  /** `approved` whose end has passed reads `expired` even before the sweeper has recorded it. */
  status: z.enum(ELEVATION_STATUSES),
  breakGlass: z.boolean(),
  requestedAt: timestamp,
  decideBy: timestamp,
  decidedBy: z.uuid().nullable(),
  decidedAt: timestamp.nullable(),
  startsAt: timestamp.nullable(),
  endsAt: timestamp.nullable(),
});
export type ElevationView = z.input<typeof elevationView>;
