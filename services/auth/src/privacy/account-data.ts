// What auth holds about one person, for their export: the account (with the e-mail address
// decrypted), its sessions and its login/invitation links — metadata only; no secret or hash of one.
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import type { EmailProtector } from '../users/email-protector';
import { User } from '../users/user.entity';

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

interface SessionRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  absolute_expires_at: Date;
  revoked_at: Date | null;
}

interface LinkRow {
  id: string;
  purpose: string;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
  revoked_at: Date | null;
}

const iso = (value: Date): string => new Date(value).toISOString();
const isoOrNull = (value: Date | null): string | null => (value === null ? null : iso(value));

/** In a transaction scoped to the person's company: row-level security hides another company's user. */
export async function accountDataOf(manager: EntityManager, emails: EmailProtector, userId: string): Promise<AccountData> {
  const user = await manager.findOneBy(User, { id: userId });
  if (!user) return { account: null, sessions: [], links: [] };
  let email: string | null;
  try {
    email = emails.open(user.id, { cipher: user.emailCipher, kid: user.emailKid });
  } catch {
    // A retired key: the address is unreadable for auth too, so there is nothing to show.
    email = null;
  }
  const sessions: SessionRow[] = await manager.query(
    `SELECT id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, revoked_at
       FROM "${AUTH_SCHEMA}"."sessions" WHERE user_id = $1 ORDER BY created_at DESC LIMIT ${MAX_ROWS}`,
    [user.id],
  );
  const links: LinkRow[] = await manager.query(
    `SELECT id, purpose, created_at, expires_at, consumed_at, revoked_at
       FROM "${AUTH_SCHEMA}"."links" WHERE user_id = $1 ORDER BY created_at DESC LIMIT ${MAX_ROWS}`,
    [user.id],
  );
  return {
    account: {
      id: user.id,
      companyId: user.companyId,
      role: user.role,
      status: user.status,
      email,
      createdAt: user.createdAt.toISOString(),
    },
    sessions: sessions.map((s) => ({
      id: s.id,
      createdAt: iso(s.created_at),
      lastSeenAt: iso(s.last_seen_at),
      idleExpiresAt: iso(s.idle_expires_at),
      absoluteExpiresAt: iso(s.absolute_expires_at),
      revokedAt: isoOrNull(s.revoked_at),
    })),
    links: links.map((l) => ({
      id: l.id,
      purpose: l.purpose,
      createdAt: iso(l.created_at),
      expiresAt: iso(l.expires_at),
      consumedAt: isoOrNull(l.consumed_at),
      revokedAt: isoOrNull(l.revoked_at),
    })),
  };
}
