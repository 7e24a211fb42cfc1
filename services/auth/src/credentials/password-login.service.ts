// Password login (ASVS 6.3.3): e-mail + password + a second factor (TOTP code or recovery code), all
// in one request, opening the same kind of session as a link. Password login exists only for accounts
// that set a password *and* confirmed an authenticator; there is no password-only login.
//
// Enumeration (ASVS 6.3.8): unknown address, wrong password, missing or wrong code and an account
// without a second factor all end in the same LoginFailed, after the same work — one backoff claim,
// one read, one argon2 verification (against a decoy hash when there is no real one) and one audit
// write. Brute force: the per-address rate limit (controller) and the per-account backoff, claimed
// before the password is looked at.
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import { hashPassword, needsRehash, verifyPassword, verifyPasswordAgainstDecoy } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { AuthAuditActions, recordAuthEvent } from '../audit/auth-audit';
import { CredentialErrors } from './credential.errors';
import { type NewSession, SessionsService } from '../sessions/sessions.service';
import { asAuthSystem } from '../system-tx';
import { EmailProtector } from '../users/email-protector';
import type { User } from '../users/user.entity';
import { UsersStore } from '../users/users-store';
import type { Credential } from './credential.entity';
import { CredentialsStore } from './credentials-store';
import type { PasswordLoginBody } from './credential.schemas';
import { LoginBackoffs } from './login-backoff';
import { normalisePassword } from './password-policy';
import { normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes';
import { matchTotp, normaliseTotpInput } from './totp';
import { TotpSecretCipher } from './totp-secret-cipher';

export interface PasswordLogin extends NewSession {
  user: User;
}

type SecondFactor = { kind: 'totp'; step: number } | { kind: 'recovery-code'; hash: string };

@Injectable()
export class PasswordLoginService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly emails: EmailProtector,
    private readonly sessions: SessionsService,
    private readonly backoffs: LoginBackoffs,
    private readonly totpCipher: TotpSecretCipher,
    private readonly credentials: CredentialsStore,
    private readonly users: UsersStore,
  ) {}

  async login(body: PasswordLoginBody): Promise<PasswordLogin> {
    const emailIndex = this.emails.index(body.email);
    const claim = await this.backoffs.claim(emailIndex);
    if (!claim.allowed) throw CredentialErrors.loginBackoff({ retryAfterSeconds: claim.retryAfterSeconds });

    const account = await asAuthSystem(this.database, 'password-login-read', async (manager) => {
      const user = await this.users.findByEmailIndex(manager, emailIndex);
      const credential = user ? await this.credentials.find(manager, user.id) : null;
      return user ? { user, credential } : undefined;
    });
    const password = normalisePassword(body.password);
    const hash = account?.credential?.passwordHash;
    const passwordOk = hash ? await verifyPassword(hash, password) : await verifyPasswordAgainstDecoy(password);

    const factor = passwordOk && account?.credential ? this.secondFactor(account.user, account.credential, body) : undefined;
    const usable = account !== undefined && account.user.status === 'active' && factor !== undefined;
    // Upgrading an old hash costs an argon2 run; only after everything else succeeded, outside any transaction.
    const rehash = usable && hash && needsRehash(hash) ? await hashPassword(password) : undefined;
    const opened = usable ? await this.open(account.user, factor, emailIndex, rehash) : undefined;
    if (opened) return opened;

    // For the audit log and our own log only; the caller gets the one LoginFailed whatever it was.
    const reason = !account ? 'unknown-account' : !passwordOk ? 'password' : account.user.status !== 'active' ? 'account-inactive' : 'second-factor';
    await asAuthSystem(this.database, 'password-login-failed', (manager) =>
      recordAuthEvent(manager, {
        action: AuthAuditActions.loginFailed,
        actorId: null,
        companyId: account?.user.companyId ?? null,
        ...(account ? { subject: `user:${account.user.id}` } : {}),
        details: { method: 'password', reason, failures: claim.failures },
      }),
    );
    this.logger.info({ ...(account ? { userId: account.user.id } : {}), reason, failures: claim.failures }, 'password login refused');
    throw CredentialErrors.loginFailed();
  }

  /** The second factor the body proves, or undefined; both factors are checked against stored state. */
  private secondFactor(user: User, credential: Credential, body: PasswordLoginBody): SecondFactor | undefined {
    if (!credential.totpCipher || !credential.totpKid) return undefined;
    if (body.recoveryCode !== undefined) {
      const code = normaliseRecoveryCode(body.recoveryCode);
      return code ? { kind: 'recovery-code', hash: recoveryCodeHash(user.id, code) } : undefined;
    }
    if (body.totp === undefined) return undefined;
    const secret = this.totpCipher.open(user.id, { cipher: credential.totpCipher, kid: credential.totpKid });
    const step = matchTotp(secret, normaliseTotpInput(body.totp), Date.now(), credential.totpLastStep);
    return step === undefined ? undefined : { kind: 'totp', step };
  }

  /**
   * Spends the second factor and opens the session in one transaction. The spend is atomic (a TOTP
   * step only forward, a recovery code only once), so two concurrent logins with the same code
   * cannot both succeed; the loser gets undefined and the common refusal.
   */
  private async open(user: User, factor: SecondFactor, emailIndex: string, rehash: string | undefined): Promise<PasswordLogin | undefined> {
    return asAuthSystem(this.database, 'password-login', async (manager) => {
      const spent = await this.spend(manager, user.id, factor);
      if (spent === undefined) return undefined;
      if ((await this.users.lockedStatusOf(manager, user.id)) !== 'active') return undefined;
      if (rehash) await this.credentials.rehashPassword(manager, user.id, rehash);
      await this.backoffs.reset(manager, emailIndex);
      const session = await this.sessions.create(manager, user, 'pwd+otp');
      const audited = { actorId: user.id, companyId: user.companyId, subject: `user:${user.id}` };
      await recordAuthEvent(manager, {
        ...audited,
        action: AuthAuditActions.login,
        details: { method: 'password', secondFactor: factor.kind, sessionId: session.context.sessionId },
      });
      if (factor.kind === 'recovery-code') {
        await recordAuthEvent(manager, { ...audited, action: AuthAuditActions.recoveryCodeUsed, details: { recoveryCodesRemaining: spent } });
      }
      return { ...session, user };
    });
  }

  /** Marks the factor used; undefined when it was used meanwhile. For a recovery code, how many remain. */
  private async spend(manager: EntityManager, userId: string, factor: SecondFactor): Promise<number | undefined> {
    if (factor.kind === 'totp') return (await this.credentials.advanceTotpStep(manager, userId, factor.step)) ? 0 : undefined;
    if (!(await this.credentials.spendRecoveryCode(manager, userId, factor.hash))) return undefined;
    return this.credentials.unusedRecoveryCodes(manager, userId);
  }
}
