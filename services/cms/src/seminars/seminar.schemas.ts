import { z } from 'zod';
import { timestamp } from '@webinar/contracts';
import { SEMINAR_STATES } from './seminar-state';

function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const instant = z.iso.datetime({ offset: true });
const timeZone = z.string().min(1).max(64).refine(isIanaTimeZone, 'an IANA time zone such as Europe/Berlin');

const seminarFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  startsAt: instant,
  endsAt: instant,
  timeZone,
  capacity: z.number().int().min(1).max(100_000),
};

export const createSeminarBody = z
  .strictObject({ ...seminarFields, description: seminarFields.description.default('') })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type CreateSeminarBody = z.infer<typeof createSeminarBody>;

export const updateSeminarBody = z
  .strictObject(seminarFields)
  .partial()
  .refine((s) => Object.keys(s).length > 0, { message: 'nothing to change' });
export type UpdateSeminarBody = z.infer<typeof updateSeminarBody>;

export const transitionBody = z.strictObject({ to: z.enum(SEMINAR_STATES) });
export type TransitionBody = z.infer<typeof transitionBody>;

export const seminarView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  startsAt: timestamp,
  endsAt: timestamp,
  timeZone: z.string(),
  capacity: z.number().int(),
  registeredCount: z.number().int().min(0),
  state: z.enum(SEMINAR_STATES),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type SeminarView = z.input<typeof seminarView>;
