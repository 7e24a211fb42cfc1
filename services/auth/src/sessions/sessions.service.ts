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
import { type SessionRow, SessionsStore } from './sessions-store';
import type { SessionView } from './session.schemas';

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


/** Anything but the one strong value counts as a link session: an unexpected value never grants mfa. */
function amrOf(value: string): SessionAmr {
  return value === 'pwd+otp' ? 'pwd+otp' : 'link';
}

function contextOf(row: SessionRow, owner: { companyId: string | null; role: GlobalRole }): SessionContext {
  return {
    sessionId: row.id,
    userId: row.user_id,
    companyId: owner.companyId,
    role: owner.role,
    amr: amrOf(row.amr),
    createdAt: row.created_at,
    idleExpiresAt: row.idle_expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
  };
}

@Injectable()
export class SessionsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly store: SessionsStore,
  ) {}

  /**
   * A brand-new session (a new id at every login: no fixation), recording how it was opened. Runs in
   * the caller's transaction.
   */
  async create(manager: EntityManager, user: User, amr: SessionAmr): Promise<NewSession> {
    const token = randomToken(32);
    const row = await this.store.insert(manager, {
      id: randomUUID(),
      tokenHash: hashToken(token),
      userId: user.id,
      amr,
      idleSeconds: Math.min(this.settings.sessionIdleSeconds, this.settings.sessionAbsoluteSeconds),
      absoluteSeconds: this.settings.sessionAbsoluteSeconds,
    });
    return { token, context: contextOf(row, user) };
  }

  /** The live session behind a cookie value, its idle deadline moved forward; undefined otherwise. */
  async authenticate(token: string): Promise<SessionContext | undefined> {
    if (!SESSION_TOKEN_PATTERN.test(token)) return undefined;
    const row = await asAuthSystem(this.database, 'session', (manager) =>
      this.store.touchLive(manager, hashToken(token), this.settings.sessionIdleSeconds),
    );
    return row ? contextOf(row, { companyId: row.company_id, role: row.role }) : undefined;
  }

  async list(current: SessionContext): Promise<SessionView[]> {
    const rows = await asAuthSystem(this.database, 'session-list', (manager) => this.store.listLive(manager, current.userId, 100));
    return rows.map((row) => ({
      id: row.id,
      amr: amrOf(row.amr),
      createdAt: row.created_at.toISOString(),
      lastSeenAt: row.last_seen_at.toISOString(),
      idleExpiresAt: row.idle_expires_at.toISOString(),
      absoluteExpiresAt: row.absolute_expires_at.toISOString(),
      current: row.id === current.sessionId,
    }));
  }

  /** Revokes one of the user's own sessions; false when the user has no such live session. */
  async revoke(userId: string, sessionId: string, reason: string): Promise<boolean> {
    return asAuthSystem(this.database, 'session-revoke', async (manager) => {
      const revoked = await this.store.revokeOne(manager, sessionId, userId);
      if (!revoked) return false;
      await this.announce(manager, { sessionIds: [sessionId], userId, companyId: revoked.companyId, actorId: userId, reason });
      return true;
    });
  }

  /**
   * Every other live session of the user, in the caller's transaction (password changed): each is
   * revoked, announced on the bus (so its access tokens die everywhere) and audited.
   */
  async revokeOthers(manager: EntityManager, user: Pick<User, 'id' | 'companyId'>, keepSessionId: string, reason: string): Promise<number> {
    const sessionIds = await this.store.revokeOthers(manager, user.id, keepSessionId);
    await this.announce(manager, { sessionIds, userId: user.id, companyId: user.companyId, actorId: user.id, reason });
    return sessionIds.length;
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
    const sessionIds = await this.store.revokeAll(manager, userId);
    if (audit) {
      for (const sessionId of sessionIds) {
        await recordAuthEvent(manager, {
          action: AuthAuditActions.sessionRevoked,
          actorId: audit.actorId,
          companyId: audit.companyId,
          subject: `session:${sessionId}`,
          details: { userId, reason: audit.reason },
        });
      }
    }
    return sessionIds.length;
  }
}
