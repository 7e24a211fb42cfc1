// The sign-up link a campaign answer mails: the same format as login and invitation links (compact
// JWE, dir + A256GCM under the `links` key set, kid, its own pinned typ, a 128-bit nonce of which
// only SHA-256 is stored). It names the sign-up row, the campaign and the company, never an address.
import { decryptJwe, encryptJwe, hashToken, isTokenError, type KeySet, randomNonce128 } from '@webinar/security';
import { z } from 'zod';

/** Its own typ: a sign-up token is refused by `/auth/links/redeem`, and a login token here. */
export const CAMPAIGN_SIGNUP_TYP = 'campaign-signup+jwe';

export const campaignSignupClaimsSchema = z.object({
  cmp: z.uuid(),
  cid: z.uuid(),
  pur: z.literal('campaign-signup'),
  lid: z.uuid(),
  n: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});
export type CampaignSignupClaims = z.infer<typeof campaignSignupClaimsSchema>;

export async function mintCampaignSignupToken(
  keys: KeySet,
  claims: Omit<CampaignSignupClaims, 'n' | 'pur'>,
  ttlSeconds: number,
): Promise<{ token: string; nonceHash: string }> {
  const nonce = randomNonce128();
  const token = await encryptJwe(keys, { ...claims, pur: 'campaign-signup', n: nonce }, { typ: CAMPAIGN_SIGNUP_TYP, expiresInSeconds: ttlSeconds });
  return { token, nonceHash: hashToken(nonce) };
}

/** The verified claims and the nonce hash to match, or undefined for anything we did not make. */
export async function openCampaignSignupToken(
  keys: KeySet,
  token: string,
): Promise<{ claims: CampaignSignupClaims; nonceHash: string } | undefined> {
  try {
    const payload = await decryptJwe<Record<string, unknown>>(token, keys, { typ: CAMPAIGN_SIGNUP_TYP });
    const parsed = campaignSignupClaimsSchema.safeParse(payload);
    if (!parsed.success) return undefined;
    return { claims: parsed.data, nonceHash: hashToken(parsed.data.n) };
  } catch (error) {
    if (isTokenError(error)) return undefined;
    throw error;
  }
}
