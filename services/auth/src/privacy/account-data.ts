// What auth holds about one person, for their export: the account (with the e-mail address
// decrypted), its sessions and its login/invitation links — metadata only; no secret or hash of one.
import type { EntityManager } from 'typeorm';
import { LinksStore } from '../links/links-store';
import { SessionsStore } from '../sessions/sessions-store';
import type { EmailProtector } from '../users/email-protector';
import { UsersStore } from '../users/users-store';

/** Bounds a part well under the bus's 1 MiB limit for one part. */
const MAX_ROWS = 500;

export interface AccountData {
  account: {
    id: string;
    companyId: string | null;
    role: string;
    status: string;
    email: string | null;
    createdAt: string;
  } | null;
  sessions: {
    id: string;
    createdAt: string;
    lastSeenAt: string;
    idleExpiresAt: string;
    absoluteExpiresAt: string;
    revokedAt: string | null;
  }[];
  links: { id: string; purpose: string; createdAt: string; expiresAt: string; consumedAt: string | null; revokedAt: string | null }[];
}

// The stores hold no state. They are built here, not injected, because the privacy consumer calls
// this function with its own deps; once consumers are declared handlers, inject them instead.
const users = new UsersStore();
const sessions = new SessionsStore();
const links = new LinksStore();

const iso = (value: Date): string => value.toISOString();
const isoOrNull = (value: Date | null): string | null => (value === null ? null : iso(value));

/** In a transaction scoped to the person's company: row-level security hides another company's user. */
export async function accountDataOf(manager: EntityManager, emails: EmailProtector, userId: string): Promise<AccountData> {
  const user = await users.findById(manager, userId);
  if (!user) return { account: null, sessions: [], links: [] };
  let email: string | null;
  try {
    email = emails.open(user.id, { cipher: user.emailCipher, kid: user.emailKid });
  } catch {
    // A retired key: the address is unreadable for auth too, so there is nothing to show.
    email = null;
  }
  const sessionRows = await sessions.exportOf(manager, user.id, MAX_ROWS);
  const linkRows = await links.exportOf(manager, user.id, MAX_ROWS);
  return {
    account: {
      id: user.id,
      companyId: user.companyId,
      role: user.role,
      status: user.status,
      email,
      createdAt: user.createdAt.toISOString(),
    },
    sessions: sessionRows.map((s) => ({
      id: s.id,
      createdAt: iso(s.createdAt),
      lastSeenAt: iso(s.lastSeenAt),
      idleExpiresAt: iso(s.idleExpiresAt),
      absoluteExpiresAt: iso(s.absoluteExpiresAt),
      revokedAt: isoOrNull(s.revokedAt),
    })),
    links: linkRows.map((l) => ({
      id: l.id,
      purpose: l.purpose,
      createdAt: iso(l.createdAt),
      expiresAt: iso(l.expiresAt),
      consumedAt: isoOrNull(l.consumedAt),
      revokedAt: isoOrNull(l.revokedAt),
    })),
  };
}
