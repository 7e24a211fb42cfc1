import { z } from 'zod';
import { ACCESS_TOKEN_AUDIENCES } from '../auth.constants';

export const accessTokenBody = z.strictObject({ audience: z.enum(ACCESS_TOKEN_AUDIENCES) });
export type AccessTokenBody = z.infer<typeof accessTokenBody>;

export const accessTokenView = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().min(1),
  /** Whether the token carries root's elevation (`elv`); it then expires no later than the elevation. */
  elevated: z.boolean(),
  /**
   * Whether the token carries `mfa` (the session was opened with password + second factor). Without
   * it, root and admin routes and presenter/moderator actions answer 403 `AUTH.MFA_REQUIRED`.
   */
  mfa: z.boolean(),
});
export type AccessTokenView = z.input<typeof accessTokenView>;
