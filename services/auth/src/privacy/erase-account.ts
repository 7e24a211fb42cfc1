// auth's part of an erasure. The account row stays (its id is referenced elsewhere as a pseudonym)
// but is disabled, and the e-mail address is replaced: the cipher by an encrypted marker, the blind
// index by a value no address can hash to — so the address is free to be invited again, as a new
// person. Every session and unused link is revoked, and the user-wide revocation goes on the bus
// (auth.user.revoked.v1), so access tokens already issued stop working everywhere.
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import type { SessionsService } from '../sessions/sessions.service';
import type { EmailProtector } from '../users/email-protector';
import { User } from '../users/user.entity';

/** What an erased account's address decrypts to (not an address: nothing can be sent to it). */
export const ERASED_EMAIL = '(erased)';
const ERASED_INDEX_PREFIX = 'erased:';

export type AccountErasure = 'erased' | 'unknown-person';

/** Tables of the credentials feature (password hash, TOTP secret, recovery codes), keyed by user id. */
const CREDENTIAL_TABLES = ['credentials', 'recovery_codes'] as const;

/** In a transaction scoped to the person's company: row-level security hides another company's user. */
export async function eraseAccount(
  manager: EntityManager,
  deps: { emails: EmailProtector; sessions: SessionsService },
  userId: string,
): Promise<AccountErasure> {
  const user = await manager.findOneBy(User, { id: userId });
  if (!user) return 'unknown-person';
  const marker = deps.emails.seal(user.id, ERASED_EMAIL);
  await manager.update(
    User,
    { id: user.id },
    { status: 'disabled', emailCipher: marker.cipher, emailKid: marker.kid, emailIndex: `${ERASED_INDEX_PREFIX}${user.id}` },
  );
  await deps.sessions.revokeAllOf(manager, user.id);
  await manager.query(
    `UPDATE "${AUTH_SCHEMA}"."links" SET revoked_at = now() WHERE user_id = $1 AND consumed_at IS NULL AND revoked_at IS NULL`,
    [user.id],
  );
  for (const table of CREDENTIAL_TABLES) {
    // Guarded: these tables arrive with the credentials feature; an older schema simply lacks them.
    const [present] = await manager.query<{ present: boolean }[]>(`SELECT to_regclass($1) IS NOT NULL AS present`, [
      `"${AUTH_SCHEMA}"."${table}"`,
    ]);
    if (present?.present) await manager.query(`DELETE FROM "${AUTH_SCHEMA}"."${table}" WHERE user_id = $1`, [user.id]);
  }
  await enqueue(manager, AUTH_SCHEMA, Events.UserRevoked, {
    userId: user.id,
    companyId: user.companyId,
    revokedAt: new Date().toISOString(),
    reason: 'personal data erased',
  });
  return 'erased';
}
