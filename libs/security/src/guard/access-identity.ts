export const GLOBAL_ROLES = ['root', 'admin', 'prospect', 'customer'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];

/** Global roles that run the admin tool: on every guarded route they need an mfa token by default. */
export const PRIVILEGED_ROLES: readonly GlobalRole[] = Object.freeze(['root', 'admin'] as const);

/** Who is calling, as proven by a verified access token. */
export interface AccessIdentity {
  userId: string;
  /** The tenant; null for root, who belongs to no company. */
  companyId: string | null;
  role: GlobalRole;
  sessionId: string;
  /** Root only: true while a time-boxed elevation another root approved is running (`elv`). */
  elevated: boolean;
  /**
   * True only when the session was opened with password + second factor (TOTP or recovery code),
   * claim `mfa`. A link sign-in, or a token without the claim, is false: privileged routes refuse it.
   */
  mfa: boolean;
  /** The token's `exp`, epoch seconds. */
  tokenExpiresAt: number;
}

/** Where the guard puts the identity on the request. */
export const IDENTITY_REQUEST_PROPERTY = 'identity';
