// Server-side sessions (ASVS V7): the cookie carries 256 random bits; only their SHA-256 is stored.
// Every authenticated request slides the idle deadline, never past the absolute one. Revoking a
// session (logout, "sign out that device", account disabled) writes the revocation and its bus
// message in one transaction, so every service learns of it through the outbox.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database } from '@webinar/persistence';
import { type GlobalRole, hashToken, randomToken } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { asAuthSystem } from '../system-tx';
import type { User } from '../users/user.entity';
import type { SessionAmr } from './session.entity';

/** The cookie secret: 32 bytes base64url. Anything else is not worth a database round trip. */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface SessionContext {
  sessionId: string;
  userId: string;
  companyId: string | null;
  role: GlobalRole;
  /** How the session was opened; `pwd+otp` alone makes its access tokens say `mfa: true`. */
  amr: SessionAmr;
  createdAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export interface NewSession {
  /** The cookie value; returned once, never stored. */
  token: string;
  context: SessionContext;
}

export interface SessionView {
  id: string;
  /** `link` or `pwd+otp` (password + second factor). */
  amr: SessionAmr;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  current: boolean;
}

interface SessionRow {
  id: string;
  user_id: string;
  company_id: string | null;
  role: GlobalRole;
  amr: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  absolute_expires_at: Date;
}

const table = `"${AUTH_SCHEMA}"."sessions"`;
const users = `"${AUTH_SCHEMA}"."users"`;

function contextOf(row: SessionRow): SessionContext {
  return {
    sessionId: row.id,
    userId: row.user_id,
    companyId: row.company_id,
    role: row.role,
    // Anything but the one strong value counts as a link session: an unexpected value never grants mfa.
    amr: row.amr === 'pwd+otp' ? 'pwd+otp' : 'link',
    createdAt: new Date(row.created_at),
    idleExpiresAt: new Date(row.idle_expires_at),
    absoluteExpiresAt: new Date(row.absolute_expires_at),
  };
}

@Injectable()
export class SessionsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  /**
   * A brand-new session (a new id at every login: no fixation), recording how it was opened. Runs in
   * the caller's transaction.
   */
  async create(manager: EntityManager, user: User, amr: SessionAmr): Promise<NewSession> {
    const token = randomToken(32);
    const rows: SessionRow[] = await manager.query(
      `INSERT INTO ${table} (id, token_hash, user_id, amr, last_seen_at, idle_expires_at, absolute_expires_at)
       VALUES ($1, $2, $3, $4, now(), now() + $5::int * interval '1 second', now() + $6::int * interval '1 second')
       RETURNING id, user_id, amr, created_at, last_seen_at, idle_expires_at, absolute_expires_at`,
      [randomUUID(), hashToken(token), user.id, amr, Math.min(this.settings.sessionIdleSeconds, this.settings.sessionAbsoluteSeconds), this.settings.sessionAbsoluteSeconds],
    );
    const row = rows[0];
    if (!row) throw new Error('The session insert returned no row.');
    return { token, context: contextOf({ ...row, company_id: user.companyId, role: user.role }) };
  }

  /** The live session behind a cookie value, its idle deadline moved forward; undefined otherwise. */
  async authenticate(token: string): Promise<SessionContext | undefined> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return undefined;
    const rows: SessionRow[] = await asAuthSystem(this.database, 'session', (manager) =>
      manager.query(
        `WITH touched AS (
           UPDATE ${table}
              SET last_seen_at = now(),
                  idle_expires_at = least(now() + $2::int * interval '1 second', absolute_expires_at)
            WHERE token_hash = $1 AND revoked_at IS NULL AND idle_expires_at > now() AND absolute_expires_at > now()
           RETURNING id, user_id, amr, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
         SELECT t.*, u.company_id, u.role
           FROM touched t JOIN ${users} u ON u.id = t.user_id
          WHERE u.status = 'active'`,
        [hashToken(token), this.settings.sessionIdleSeconds],
      ),
    );
    const row = rows[0];
    return row ? contextOf(row) : undefined;
  }

  async list(current: SessionContext): Promise<SessionView[]> {
    const rows: SessionRow[] = await asAuthSystem(this.database, 'session-list', (manager) =>
      manager.query(
        `SELECT id, amr, created_at, last_seen_at, idle_expires_at, absolute_expires_at FROM ${table}
          WHERE user_id = $1 AND revoked_at IS NULL AND idle_expires_at > now() AND absolute_expires_at > now()
          ORDER BY created_at DESC LIMIT 100`,
        [current.userId],
      ),
    );
    return rows.map((row) => ({
      id: row.id,
      amr: row.amr === 'pwd+otp' ? 'pwd+otp' : 'link',
      createdAt: new Date(row.created_at).toISOString(),
      lastSeenAt: new Date(row.last_seen_at).toISOString(),
      idleExpiresAt: new Date(row.idle_expires_at).toISOString(),
      absoluteExpiresAt: new Date(row.absolute_expires_at).toISOString(),
      current: row.id === current.sessionId,
    }));
  }

  /** Revokes one of the user's own sessions; false when the user has no such live session. */
  async revoke(userId: string, sessionId: string, reason: string): Promise<boolean> {
    return asAuthSystem(this.database, 'session-revoke', async (manager) => {
      const rows: { id: string; company_id: string | null }[] = await manager.query(
        `WITH revoked AS (
           UPDATE ${table} SET revoked_at = now()
            WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
           RETURNING id, user_id)
         SELECT r.id, u.company_id FROM revoked r LEFT JOIN ${users} u ON u.id = r.user_id`,
        [sessionId, userId],
      );
      const row = rows[0];
      if (!row) return false;
      await this.announce(manager, { sessionIds: [sessionId], userId, companyId: row.company_id, actorId: userId, reason });
      return true;
    });
  }

  /**
   * Every other live session of the user, in the caller's transaction (password changed): each is
   * revoked, announced on the bus (so its access tokens die everywhere) and audited.
   */
  async revokeOthers(manager: EntityManager, user: Pick<User, 'id' | 'companyId'>, keepSessionId: string, reason: string): Promise<number> {
    const rows: { id: string }[] = await manager.query(
      `WITH revoked AS (
         UPDATE ${table} SET revoked_at = now()
          WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL AND absolute_expires_at > now()
         RETURNING id)
       SELECT id FROM revoked`,
      [user.id, keepSessionId],
    );
    await this.announce(manager, { sessionIds: rows.map((r) => r.id), userId: user.id, companyId: user.companyId, actorId: user.id, reason });
    return rows.length;
  }

  /** The bus message (revocation sets everywhere) and the audit record of each revoked session. */
  private async announce(
    manager: EntityManager,
    revoked: { sessionIds: string[]; userId: string; companyId: string | null; actorId: string | null; reason: string },
  ): Promise<void> {
    const revokedAt = new Date().toISOString();
    for (const sessionId of revoked.sessionIds) {
      await enqueue(manager, AUTH_SCHEMA, Events.SessionRevoked, { sessionId, userId: revoked.userId, revokedAt, reason: revoked.reason });
      await recordAuthEvent(manager, {
        action: AuthAuditActions.sessionRevoked,
        actorId: revoked.actorId,
        companyId: revoked.companyId,
        subject: `session:${sessionId}`,
        details: { userId: revoked.userId, reason: revoked.reason },
      });
    }
  }

  /**
   * Every session of the user, in the caller's transaction (account disabled). The caller announces
   * the user-wide revocation on the bus (`auth.user.revoked.v1`); each session is audited here, with
   * `audit` naming who did it and why.
   */
  async revokeAllOf(
    manager: EntityManager,
    userId: string,
    audit?: { actorId: string | null; companyId: string | null; reason: string },
  ): Promise<number> {
    const rows: { id: string }[] = await manager.query(
      `WITH revoked AS (UPDATE ${table} SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id FROM revoked`,
      [userId],
    );
    if (audit) {
      for (const row of rows) {
        await recordAuthEvent(manager, {
          action: AuthAuditActions.sessionRevoked,
          actorId: audit.actorId,
          companyId: audit.companyId,
          subject: `session:${row.id}`,
          details: { userId, reason: audit.reason },
        });
      }
    }
    return rows.length;
  }
}
