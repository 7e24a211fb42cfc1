import { timestamp } from '@webinar/contracts';
import { z } from 'zod';

const line = (max: number) => z.string().trim().min(1).max(max);
const email = z.string().trim().max(254).pipe(z.email());

/** The person's profile fields; `null` clears an optional one. */
export const profileFields = {
  displayName: line(200),
  organisation: line(200).nullable(),
  jobTitle: line(200).nullable(),
  email: email.nullable(),
};

/** The registration form's optional "about you" part (the whole body may be absent). */
export const registrationBody = z
  .strictObject({
    displayName: profileFields.displayName,
    organisation: profileFields.organisation.optional(),
    jobTitle: profileFields.jobTitle.optional(),
    email: profileFields.email.optional(),
  })
  .optional();
export type RegistrationBody = z.infer<typeof registrationBody>;

export const updateProfileBody = z
  .strictObject(profileFields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type UpdateProfileBody = z.infer<typeof updateProfileBody>;

export const peopleQuery = z.strictObject({ email });
export type PeopleQuery = z.infer<typeof peopleQuery>;

export interface ProfileInput {
  displayName?: string;
  organisation?: string | null;
  jobTitle?: string | null;
  email?: string | null;
}

export const profileView = z.object({
  displayName: z.string(),
  organisation: z.string().nullable(),
  jobTitle: z.string().nullable(),
  email: z.string().nullable(),
  updatedAt: timestamp,
});
export type ProfileView = z.input<typeof profileView>;

export const personView = z.object({ userId: z.uuid(), profile: profileView });
export type PersonView = z.input<typeof personView>;
