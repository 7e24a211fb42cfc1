import { timestamp } from '@webinar/contracts';
import { z } from 'zod';
import { SEMINAR_ROLES } from '../grants/grant.entity';
import { profileView } from '../people/people.schemas';

/** Everything cms holds about one person in one company (`GET /cms/me`, and cms's part of an export). */
export const personData = z.object({
  userId: z.uuid(),
  companyId: z.uuid(),
  profile: profileView.nullable(),
  registrations: z.array(
    z.object({
      seminarId: z.uuid(),
      seminarTitle: z.string().nullable(),
      seminarStartsAt: timestamp.nullable(),
      registeredAt: timestamp,
      cancelledAt: timestamp.nullable(),
    }),
  ),
  grants: z.array(z.object({ seminarId: z.uuid(), seminarTitle: z.string().nullable(), role: z.enum(SEMINAR_ROLES), since: timestamp })),
});
export type PersonData = z.input<typeof personData>;
