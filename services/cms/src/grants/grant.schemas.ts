import { timestamp } from '@webinar/contracts';
import { z } from 'zod';
import { SEMINAR_ROLES } from './grant.entity';

export const grantView = z.object({ seminarId: z.uuid(), userId: z.uuid(), role: z.enum(SEMINAR_ROLES), createdAt: timestamp });
export type GrantView = z.input<typeof grantView>;
