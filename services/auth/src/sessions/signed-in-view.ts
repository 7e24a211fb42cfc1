/** What a sign-in answers (a redeemed link, a password + second factor, a campaign sign-up): who, and the session's deadlines. */
export interface RedeemedView {
  user: { id: string; role: string; companyId: string | null };
  session: { id: string; idleExpiresAt: string; absoluteExpiresAt: string };
}
