// The login/invitation link token: a JWE (dir + A256GCM, kid, explicit typ per purpose) whose
// encrypted claims name the user, the company, the purpose, the link row and a 128-bit nonce. Only
// SHA-256 of the nonce is stored, so the database alone can never produce a working link.
import {
  decryptJwe,
  encryptJwe,
  hashToken,
  isTokenError,
  type KeySet,
  randomNonce128,
  TOKEN_TYPES,
} from '@webinar/security';
import { z } from 'zod';
import type { LinkPurpose } from './login-link.entity';

const TYP_OF: Record<LinkPurpose, string> = { login: TOKEN_TYPES.loginLink, invitation: TOKEN_TYPES.invitation };

export const linkClaimsSchema = z.object({
  sub: z.uuid(),
  cid: z.uuid().nullable(),
  pur: z.enum(['login', 'invitation']),
  lid: z.uuid(),
  n: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});
export type LinkClaims = z.infer<typeof linkClaimsSchema>;

export interface MintedLink {
  token: string;
  nonceHash: string;
}

export async function mintLinkToken(
  keys: KeySet,
  claims: Omit<LinkClaims, 'n'>,
  ttlSeconds: number,
): Promise<MintedLink> {
  const nonce = randomNonce128();
  const token = await encryptJwe(keys, { ...claims, n: nonce }, { typ: TYP_OF[claims.pur], expiresInSeconds: ttlSeconds });
  return { token, nonceHash: hashToken(nonce) };
}

/** The purpose the (unauthenticated) header claims; decryption then pins the typ to it. */
function claimedPurpose(token: string): LinkPurpose | undefined {
  const header = token.split('.')[0] ?? '';
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { typ?: unknown };
    if (parsed.typ === TOKEN_TYPES.loginLink) return 'login';
    if (parsed.typ === TOKEN_TYPES.invitation) return 'invitation';
  } catch {
    return undefined;
  }
  return undefined;
}

/** The verified claims and the nonce hash to match, or undefined for any token we did not make. */
export async function openLinkToken(
  keys: KeySet,
  token: string,
): Promise<{ claims: LinkClaims; nonceHash: string } | undefined> {
  const purpose = claimedPurpose(token);
  if (!purpose) return undefined;
  try {
    const payload = await decryptJwe<Record<string, unknown>>(token, keys, { typ: TYP_OF[purpose] });
    const parsed = linkClaimsSchema.safeParse(payload);
    // A token whose inner purpose differs from its typ was not made by us for this purpose.
    if (!parsed.success || parsed.data.pur !== purpose) return undefined;
    return { claims: parsed.data, nonceHash: hashToken(parsed.data.n) };
  } catch (error) {
    if (isTokenError(error)) return undefined;
    throw error;
  }
}
