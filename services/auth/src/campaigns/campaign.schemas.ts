import { timestamp } from '@webinar/contracts';
import { z } from 'zod';
import { redeemedView } from '../sessions/session.schemas';

/** The longest a campaign link may stay open. */
export const MAX_CAMPAIGN_DAYS = 90;

export const createCampaignBody = z.strictObject({
  seminarId: z.uuid(),
  label: z.string().trim().min(1).max(200),
  expiresAt: z.iso.datetime({ offset: true }),
  /** At most this many accounts may be created through the campaign. */
  signupCap: z.number().int().min(1).max(1_000_000).optional(),
  /** Root names the company; an admin's campaigns are always for their own. */
  companyId: z.uuid().optional(),
});
export type CreateCampaignBody = z.infer<typeof createCampaignBody>;

export const listCampaignsQuery = z.strictObject({ companyId: z.uuid().optional() });
export type ListCampaignsQuery = z.infer<typeof listCampaignsQuery>;

export const campaignIdParam = z.uuid();

export const CAMPAIGN_STATUSES = ['open', 'full', 'expired', 'revoked'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const campaignView = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  seminarId: z.uuid(),
  label: z.string(),
  /** The public link to put on a website or in a newsletter. */
  url: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  expiresAt: timestamp,
  signupCap: z.number().int().nullable(),
  accountsCreated: z.number().int(),
  createdBy: z.uuid(),
  createdAt: timestamp,
  revokedAt: timestamp.nullable(),
});
export type CampaignView = z.input<typeof campaignView>;

export const answerCampaignBody = z.strictObject({ email: z.email().max(254) });
export type AnswerCampaignBody = z.infer<typeof answerCampaignBody>;

/**
 * The one answer to a campaign, whatever happened: new address, existing account, cap reached,
 * campaign expired, revoked or unknown. Anything else would tell a stranger which addresses have
 * accounts or how a company's campaign is doing.
 */
export const campaignAnswered = z.object({ status: z.literal('accepted'), message: z.string() });
export type CampaignAnswered = z.input<typeof campaignAnswered>;
export const CAMPAIGN_ANSWERED = {
  status: 'accepted',
  message: 'Thank you. If sign-up is possible, a link is on its way to this address.',
} as const satisfies CampaignAnswered;

export const campaignSignupRedeemedView = redeemedView.extend({
  /** Where the new (or existing) account was heading: the seminar the campaign advertises. */
  campaign: z.object({ seminarId: z.uuid(), accountCreated: z.boolean() }),
});
export type CampaignSignupRedeemedView = z.input<typeof campaignSignupRedeemedView>;
