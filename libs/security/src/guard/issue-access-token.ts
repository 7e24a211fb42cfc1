import { randomToken } from '../crypto/random-tokens';
import { signJwt } from '../jwt/sign-jwt';
import type { KeySet } from '../keys/key-set';
import { TOKEN_TYPES } from '../token-types';
import type { AccessIdentity } from './access-identity';

/** Access tokens are short-lived: revocation only has to be remembered this long. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 300;

export interface IssueAccessTokenOptions {
  issuer: string;
  audience: string;
  /** At most 300. */
  ttlSeconds: number;
}

export async function issueAccessToken(
  keys: KeySet,
  identity: Omit<AccessIdentity, 'tokenExpiresAt'>,
  opts: IssueAccessTokenOptions,
): Promise<string> {
  if (
    !Number.isFinite(opts.ttlSeconds) ||
    opts.ttlSeconds <= 0 ||
    opts.ttlSeconds > MAX_ACCESS_TOKEN_TTL_SECONDS
  ) {
    throw new RangeError(`ttlSeconds must be between 1 and ${MAX_ACCESS_TOKEN_TTL_SECONDS}.`);
  }
  return signJwt(
    keys,
    {
      sid: identity.sessionId,
      cid: identity.companyId,
      role: identity.role,
      elv: identity.elevated,
      mfa: identity.mfa,
    },
    {
      typ: TOKEN_TYPES.access,
      issuer: opts.issuer,
      audience: opts.audience,
      subject: identity.userId,
      expiresInSeconds: opts.ttlSeconds,
      jti: randomToken(16),
    },
  );
}
