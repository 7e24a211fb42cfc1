import { timestamp } from '@webinar/contracts';
import { z } from 'zod';
import { profileView } from '../people/people.schemas';

export const registrationView = z.object({ id: z.uuid(), seminarId: z.uuid(), userId: z.uuid(), createdAt: timestamp });
export type RegistrationView = z.input<typeof registrationView>;

/** A registration as the company's admin sees it: with the registrant's decrypted profile, if any. */
export const attendeeView = registrationView.extend({ profile: profileView.nullable() });
export type AttendeeView = z.input<typeof attendeeView>;
