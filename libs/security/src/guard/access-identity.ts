export const GLOBAL_ROLES = ['root', 'admin', 'prospect', 'customer'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];

/** Who is calling, as proven by a verified access token. */
export interface AccessIdentity {
  userId: string;
  /** The tenant; null for root, who belongs to no company. */
  companyId: string | null;
  role: GlobalRole;
  sessionId: string;
  /** True right after a step-up (fresh password/second factor) for sensitive operations. */
  elevated: boolean;
  /** The token's `exp`, epoch seconds. */
  tokenExpiresAt: number;
}

/** Where the guard puts the identity on the request. */
export const IDENTITY_REQUEST_PROPERTY = 'identity';
