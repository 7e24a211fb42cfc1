// What the session routes and every sign-in answer. The web app imports these types (type-only).
import { timestamp } from '@webinar/contracts';
import { z } from 'zod';
import { SESSION_AMRS } from './session.entity';

const signedInUser = z.object({ id: z.uuid(), role: z.string(), companyId: z.uuid().nullable() });

/** What a sign-in answers (a redeemed link, a password + second factor, a campaign sign-up): who, and the session's deadlines. */
export const redeemedView = z.object({
  user: signedInUser,
  session: z.object({ id: z.uuid(), idleExpiresAt: timestamp, absoluteExpiresAt: timestamp }),
});
export type RedeemedView = z.input<typeof redeemedView>;

export const whoAmI = z.object({
  user: signedInUser,
  session: z.object({
    id: z.uuid(),
    /** How the session was opened: `link` or `pwd+otp`. */
    amr: z.enum(SESSION_AMRS),
    /** Whether its access tokens carry `mfa` (privileged actions need it: docs/identity.md). */
    mfa: z.boolean(),
    createdAt: timestamp,
    idleExpiresAt: timestamp,
    absoluteExpiresAt: timestamp,
  }),
});
export type WhoAmI = z.input<typeof whoAmI>;

export const sessionView = z.object({
  id: z.uuid(),
  /** `link` or `pwd+otp` (password + second factor). */
  amr: z.enum(SESSION_AMRS),
  createdAt: timestamp,
  lastSeenAt: timestamp,
  idleExpiresAt: timestamp,
  absoluteExpiresAt: timestamp,
  current: z.boolean(),
});
export type SessionView = z.input<typeof sessionView>;
