import { ROOM_LIMITS } from '@webinar/contracts';
import { z } from 'zod';

/** Printable text only: a shown name goes to every viewer's screen. */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

export const shownNameBody = z.strictObject({
  name: z.string().trim().min(1).max(ROOM_LIMITS.shownName).refine((s) => !CONTROL.test(s), { message: 'control characters are not allowed' }),
});
export type ShownNameBody = z.infer<typeof shownNameBody>;

export const shownNameView = z.object({
  name: z.string(),
  /** False when the person never chose one (or it can no longer be read): the default is shown. */
  chosen: z.boolean(),
});
export type ShownName = z.input<typeof shownNameView>;
