// A signed-in user's own credentials (ASVS 6.2, 6.3.3): set a first password, change it (with the
// current one; other sessions end), enrol an authenticator app (TOTP) and get recovery codes.
//
// Every unit of work runs under the user's own tenant (row-level security on users, credentials and
// recovery codes), and argon2 runs between transactions, never inside one: on the embedded
// database one open transaction holds the whole process's session. The rows are CredentialsStore's;
// its conditional writes answer false when a concurrent request changed them first.
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import { hashPassword, verifyPassword } from '@webinar/security';
import { toDataURL } from 'qrcode';
import type { EntityManager } from 'typeorm';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { CredentialErrors } from './credential.errors';
import { UserErrors } from '../users/user.errors';
import type { SessionContext } from '../sessions/sessions.service';
import { SessionsService } from '../sessions/sessions.service';
import { asAuthSystem } from '../system-tx';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { Credential } from './credential.entity';
import type { CredentialsView, RecoveryCodesView, TotpEnrolmentView } from './credential.schemas';
import { CredentialsStore } from './credentials-store';
import { LoginBackoffs } from './login-backoff';
import { checkPassword, normalisePassword, type PasswordProblem } from './password-policy';
import { newRecoveryCodes, normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes';
import { matchTotp, newTotpSecret, normaliseTotpInput, otpauthUri } from './totp';
import { TotpSecretCipher } from './totp-secret-cipher';

/** A first password may be set only this soon after signing in (ASVS 7.5.1: recent authentication). */
export const FRESH_SESSION_SECONDS = 10 * 60;
/** An enrolment not confirmed within this is void. */
export const TOTP_ENROLMENT_SECONDS = 10 * 60;

const PROBLEM_ERRORS = {
  'too-short': CredentialErrors.passwordTooShort,
  'too-long': CredentialErrors.passwordTooLong,
  'contains-email': CredentialErrors.passwordContainsEmail,
  common: CredentialErrors.passwordCommon,
} as const satisfies Record<PasswordProblem, unknown>;

interface Account {
  user: User;
  email: string;
  credential: Credential | null;
}

@Injectable()
export class CredentialsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly backoffs: LoginBackoffs,
    private readonly totpCipher: TotpSecretCipher,
    private readonly store: CredentialsStore,
  ) {}

  async status(session: SessionContext): Promise<CredentialsView> {
    return this.asAccount(session, 'credentials-status', async (manager) => {
      const credential = await this.store.find(manager, session.userId);
      const remaining = await this.store.unusedRecoveryCodes(manager, session.userId);
      const passwordSet = Boolean(credential?.passwordHash);
      const totpEnrolled = Boolean(credential?.totpCipher);
      return {
        passwordSet,
        totpEnrolled,
        recoveryCodesRemaining: remaining,
        passwordLoginReady: passwordSet && totpEnrolled,
        enrolmentExpected: session.role === 'root' || session.role === 'admin',
      };
    });
  }

  /** The first password, right after a (link) sign-in; afterwards only `change` replaces it. */
  async setPassword(session: SessionContext, password: string): Promise<void> {
    if (Date.now() - session.createdAt.getTime() > FRESH_SESSION_SECONDS * 1000) throw CredentialErrors.reauthenticationRequired();
    const account = await this.account(session);
    if (account.credential?.passwordHash) throw CredentialErrors.passwordAlreadySet();
    this.enforcePolicy(password, account.email);
    const hash = await hashPassword(normalisePassword(password));
    await this.asAccount(session, 'password-set', async (manager) => {
      // Another request set one in between: the second must go through `change`.
      if (!(await this.store.setFirstPassword(manager, account.user, hash))) throw CredentialErrors.passwordAlreadySet();
      await recordAuthEvent(manager, this.auditOf(account.user, AuthAuditActions.passwordSet, {}));
    });
  }

  /** Replaces the password given the current one; every other session of the user ends. */
  async changePassword(session: SessionContext, currentPassword: string, newPassword: string): Promise<number> {
    const account = await this.account(session);
    const oldHash = account.credential?.passwordHash;
    if (!oldHash) throw CredentialErrors.passwordNotSet();
    this.enforcePolicy(newPassword, account.email);
    await this.reauthenticate(account, oldHash, currentPassword);
    const hash = await hashPassword(normalisePassword(newPassword));
    return this.asAccount(session, 'password-change', async (manager) => {
      // Changed by a concurrent request since we checked: the current password we verified is stale.
      if (!(await this.store.replacePassword(manager, session.userId, hash, oldHash))) throw CredentialErrors.passwordWrong();
      await this.backoffs.reset(manager, account.user.emailIndex);
      const revoked = await this.sessions.revokeOthers(manager, account.user, session.sessionId, 'password changed');
      await recordAuthEvent(manager, this.auditOf(account.user, AuthAuditActions.passwordChanged, { sessionsRevoked: revoked }));
      return revoked;
    });
  }

  /** Starts (or restarts) an authenticator enrolment; needs the password (re-authentication). */
  async startTotp(session: SessionContext, password: string): Promise<TotpEnrolmentView> {
    const account = await this.account(session);
    const hash = account.credential?.passwordHash;
    if (!hash) throw CredentialErrors.passwordNotSet();
    await this.reauthenticate(account, hash, password);
    const secret = newTotpSecret();
    const sealed = this.totpCipher.seal(session.userId, secret);
    await this.asAccount(session, 'totp-start', async (manager) => {
      await this.store.startTotpEnrolment(manager, session.userId, sealed);
      await this.backoffs.reset(manager, account.user.emailIndex);
    });
    const uri = otpauthUri({ issuer: `Webinar (${new URL(this.settings.publicOrigin).hostname})`, account: account.email, secret });
    return {
      otpauthUri: uri,
      secret: new URLSearchParams(uri.split('?')[1]).get('secret') ?? '',
      qrCode: await toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 }),
      expiresAt: new Date(Date.now() + TOTP_ENROLMENT_SECONDS * 1000).toISOString(),
    };
  }

  /** Confirms the pending enrolment with a first code; answers ten fresh recovery codes, once. */
  async confirmTotp(session: SessionContext, code: string): Promise<RecoveryCodesView> {
    const account = await this.account(session);
    const pending = account.credential;
    const startedAt = pending?.totpPendingAt?.getTime();
    if (!pending?.totpPendingCipher || !pending.totpPendingKid || startedAt === undefined || Date.now() - startedAt > TOTP_ENROLMENT_SECONDS * 1000) {
      throw CredentialErrors.totpNoEnrolment();
    }
    // Guessing the first code on someone else's pending enrolment would yield their recovery codes.
    const claim = await this.backoffs.claim(account.user.emailIndex);
    if (!claim.allowed) throw CredentialErrors.loginBackoff({ retryAfterSeconds: claim.retryAfterSeconds });
    const secret = this.totpCipher.open(session.userId, { cipher: pending.totpPendingCipher, kid: pending.totpPendingKid });
    const step = matchTotp(secret, normaliseTotpInput(code), Date.now(), null);
    if (step === undefined) throw CredentialErrors.totpInvalid();
    const codes = newRecoveryCodes();
    const reenrolled = Boolean(pending.totpCipher);
    const pendingCipher = pending.totpPendingCipher;
    await this.asAccount(session, 'totp-confirm', async (manager) => {
      if (!(await this.store.confirmTotpEnrolment(manager, session.userId, pendingCipher, step))) throw CredentialErrors.totpNoEnrolment();
      const hashes = codes.map((recovery) => recoveryCodeHash(session.userId, normaliseRecoveryCode(recovery)!));
      await this.store.replaceRecoveryCodes(manager, account.user, hashes);
      await this.backoffs.reset(manager, account.user.emailIndex);
      await recordAuthEvent(manager, this.auditOf(account.user, AuthAuditActions.totpEnrolled, { recoveryCodesIssued: codes.length, reenrolled }));
    });
    return { recoveryCodes: codes };
  }

  /** Checks the current password under the account's backoff; a wrong one is audited and refused. */
  private async reauthenticate(account: Account, hash: string, password: string): Promise<void> {
    const claim = await this.backoffs.claim(account.user.emailIndex);
    if (!claim.allowed) throw CredentialErrors.loginBackoff({ retryAfterSeconds: claim.retryAfterSeconds });
    if (await verifyPassword(hash, normalisePassword(password))) return;
    await this.asAccount({ userId: account.user.id, companyId: account.user.companyId }, 'reauth-failed', (manager) =>
      recordAuthEvent(manager, {
        ...this.auditOf(account.user, AuthAuditActions.loginFailed, { method: 'password', context: 'reauthentication', failures: claim.failures }),
      }),
    );
    throw CredentialErrors.passwordWrong();
  }

  private enforcePolicy(password: string, email: string): void {
    const problem = checkPassword(password, email);
    if (problem) throw PROBLEM_ERRORS[problem]();
  }

  private async account(session: Pick<SessionContext, 'userId' | 'companyId'>): Promise<Account> {
    return this.asAccount(session, 'credentials-read', async (manager) => {
      const user = await this.users.findById(manager, session.userId);
      if (!user) throw UserErrors.notFound();
      const credential = await this.store.find(manager, user.id);
      return { user, email: this.users.emailOf(user), credential };
    });
  }

  private auditOf(user: User, action: (typeof AuthAuditActions)[keyof typeof AuthAuditActions], details: Record<string, string | number | boolean>) {
    return { action, actorId: user.id, companyId: user.companyId, subject: `user:${user.id}`, details };
  }

  /** The user's own tenant (row-level security); root, who has no company, runs in the root context. */
  private asAccount<T>(
    session: Pick<SessionContext, 'userId' | 'companyId'>,
    reason: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (session.companyId === null) return asAuthSystem(this.database, reason, work);
    return withTenant(this.database.dataSource, { companyId: session.companyId }, work);
  }
}
