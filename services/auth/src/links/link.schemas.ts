import { z } from 'zod';
import { accountEmail } from '../users/account-email';

/** A compact JWE is five base64url parts; 4 KiB is far above any link we issue. */
export const redeemLinkBody = z.strictObject({
  token: z.string().min(1).max(4096),
});
export type RedeemLinkBody = z.infer<typeof redeemLinkBody>;

export const requestLoginLinkBody = z.strictObject({
  email: accountEmail,
});
export type RequestLoginLinkBody = z.infer<typeof requestLoginLinkBody>;

/** The one answer of POST /auth/login-links, whether or not the address has an account. */
export const loginLinkRequested = z.object({ status: z.literal('accepted'), message: z.string() });
export type LoginLinkRequested = z.input<typeof loginLinkRequested>;
export const LOGIN_LINK_REQUESTED = {
  status: 'accepted',
  message: 'If this address belongs to an account, a login link is on its way.',
} as const satisfies LoginLinkRequested;
