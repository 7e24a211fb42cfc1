// auth's part of an erasure. The account row stays (its id is referenced elsewhere as a pseudonym)
// but is disabled, and the e-mail address is replaced: the cipher by an encrypted marker, the blind
// index by a value no address can hash to — so the address is free to be invited again, as a new
// person. Every session and unused link is revoked, and the user-wide revocation goes on the bus
// (auth.user.revoked.v1), so access tokens already issued stop working everywhere.
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { CredentialsStore } from '../credentials/credentials-store';
import { LinksStore } from '../links/links-store';
import type { SessionsService } from '../sessions/sessions.service';
import type { EmailProtector } from '../users/email-protector';
import { UsersStore } from '../users/users-store';

/** What an erased account's address decrypts to (not an address: nothing can be sent to it). */
export const ERASED_EMAIL = '(erased)';
const ERASED_INDEX_PREFIX = 'erased:';

export type AccountErasure = 'erased' | 'unknown-person';

// The stores hold no state. They are built here, not injected, because the privacy consumer calls
// this function with its own deps; once consumers are declared handlers, inject them instead.
const users = new UsersStore();
const links = new LinksStore();
const credentials = new CredentialsStore();

/** In a transaction scoped to the person's company: row-level security hides another company's user. */
export async function eraseAccount(
  manager: EntityManager,
  deps: { emails: EmailProtector; sessions: SessionsService },
  userId: string,
): Promise<AccountErasure> {
  const user = await users.findById(manager, userId);
  if (!user) return 'unknown-person';
  const marker = deps.emails.seal(user.id, ERASED_EMAIL);
  await users.replaceEmail(manager, user.id, { cipher: marker.cipher, kid: marker.kid, index: `${ERASED_INDEX_PREFIX}${user.id}` });
  await deps.sessions.revokeAllOf(manager, user.id);
  await links.revokeUnused(manager, user.id);
  await credentials.deleteAllOf(manager, user.id);
  await enqueue(manager, AUTH_SCHEMA, Events.UserRevoked, {
    userId: user.id,
    companyId: user.companyId,
    revokedAt: new Date().toISOString(),
    reason: 'personal data erased',
  });
  return 'erased';
}
