// Helpers of the credentials tests: onboard a user the way a person would (invitation mail → link →
// set a password → scan the authenticator → confirm → recovery codes) and log in with a password.
import { withTenant } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { AUTH_SETTINGS, type AuthSettings } from '../src/auth.options';
import { AuthBootstrap } from '../src/bootstrap/auth-bootstrap';
import { base32Decode, hotp, totpStep } from '../src/credentials/totp';
import { type Harness, PUBLIC_ORIGIN, sessionCookieOf, type SmtpCatcher, tokenOf } from './support/harness';
import { type MfaSession, signInWithMfa } from './support/mfa-sign-in';

export interface Enrolled {
  userId: string;
  email: string;
  /** The invitation link (already redeemed). */
  link: string;
  password: string;
  secret: Buffer;
  recoveryCodes: string[];
  /** The session of the invitation link. */
  cookie: string;
  /** The last TOTP step the server accepted for this user (codes at or before it are refused). */
  lastStep: number;
}

export const STRONG_PASSWORD = 'violet harbour lantern 1987';

let address = 0;
/** A fresh client address per call, so the per-address limit engages only where a test wants it. */
export const nextAddress = (): string => `10.7.${Math.floor(++address / 250)}.${address % 250}`;

export const withCookie = (cookie: string, extra: Record<string, string> = {}): Record<string, string> => ({
  cookie: `__Host-session=${cookie}`,
  origin: PUBLIC_ORIGIN,
  ...extra,
});

export class CredentialsWorld {
  rootCookie = '';
  /** Root's password + TOTP enrolment (password MFA_TEST_PASSWORD), made by `init`. */
  root: MfaSession | undefined;
  /** Root's first session, opened by the bootstrap link. */
  rootLinkCookie = '';
  readonly companyId = randomUUID();
  private users = 0;

  constructor(
    readonly h: Harness,
    readonly smtp: SmtpCatcher,
  ) {}

  /**
   * Root signs in with the bootstrap link, enrols and signs in with password + TOTP (inviting needs
   * mfa); one company is announced (as cms would).
   */
  async init(): Promise<void> {
    const response = await this.redeem(tokenOf(this.h.app.get(AuthBootstrap).takeRootLoginLink()!));
    this.rootLinkCookie = sessionCookieOf(response.headers['set-cookie'])!.value;
    this.root = await signInWithMfa(this.h.app, this.rootLinkCookie, this.h.app.get<AuthSettings>(AUTH_SETTINGS).rootEmail);
    this.rootCookie = this.root.cookie;
    await this.h.bus.publish('cms.company.created.v1', { companyId: this.companyId, name: 'Creds', createdAt: new Date().toISOString() });
    await this.h.bus.waitForIdle();
  }

  /** SQL as the app role in the root context: credentials and recovery codes are under row-level security. */
  sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    return withTenant(this.h.db.dataSource, { root: true, reason: 'test' }, (m) => m.query<T[]>(query, params));
  }

  redeem(token: string) {
    return this.h.app.inject({ method: 'POST', url: '/auth/links/redeem', headers: { origin: PUBLIC_ORIGIN }, payload: { token }, remoteAddress: nextAddress() });
  }

  async accessToken(cookie: string, audience = 'auth'): Promise<string> {
    const response = await this.h.app.inject({ method: 'POST', url: '/auth/token', headers: withCookie(cookie), payload: { audience } });
    if (response.statusCode !== 200) throw new Error(`token: ${response.statusCode} ${response.body}`);
    return response.json<{ accessToken: string }>().accessToken;
  }

  /** An invited user who signed in with the invitation link (no password yet); returns the session cookie. */
  async invited(role: 'admin' | 'prospect' = 'admin', email = `user-${++this.users}-${randomUUID().slice(0, 6)}@creds.test`) {
    const since = this.smtp.mails.length;
    const invited = await this.h.app.inject({
      method: 'POST',
      url: '/auth/invitations',
      headers: { authorization: `Bearer ${await this.accessToken(this.rootCookie)}` },
      payload: { invitations: [{ email, companyId: this.companyId, role }] },
    });
    const result = invited.json<{ results: { status: string; userId: string }[] }>().results[0]!;
    if (result.status !== 'invited') throw new Error(`invitation: ${invited.body}`);
    const link = await this.smtp.linkFor(email, since);
    const redeemed = await this.redeem(tokenOf(link));
    return { userId: result.userId, email, link, cookie: sessionCookieOf(redeemed.headers['set-cookie'])!.value };
  }

  post(url: string, cookie: string, payload: object) {
    return this.h.app.inject({ method: 'POST', url, headers: withCookie(cookie), payload, remoteAddress: nextAddress() });
  }

  /** Starts and confirms an authenticator enrolment for the session's user. */
  async enrolTotp(cookie: string, password: string): Promise<{ secret: Buffer; recoveryCodes: string[]; step: number }> {
    const started = await this.post('/auth/credentials/totp', cookie, { password });
    if (started.statusCode !== 200) throw new Error(`totp start: ${started.statusCode} ${started.body}`);
    const secret = base32Decode(started.json<{ secret: string }>().secret)!;
    const step = totpStep(Date.now());
    const confirmed = await this.post('/auth/credentials/totp/confirm', cookie, { code: hotp(secret, step) });
    if (confirmed.statusCode !== 200) throw new Error(`totp confirm: ${confirmed.statusCode} ${confirmed.body}`);
    return { secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes, step };
  }

  /** A user with a password and a confirmed authenticator, ready for password login. */
  async enrolled(role: 'admin' | 'prospect' = 'admin', password = STRONG_PASSWORD): Promise<Enrolled> {
    const user = await this.invited(role);
    const set = await this.post('/auth/credentials/password', user.cookie, { password });
    if (set.statusCode !== 204) throw new Error(`password: ${set.statusCode} ${set.body}`);
    const totp = await this.enrolTotp(user.cookie, password);
    return { ...user, password, secret: totp.secret, recoveryCodes: totp.recoveryCodes, lastStep: totp.step };
  }

  /**
   * A code the server will accept next: the current step or the next one (both stay inside the ±1
   * window if a 30-second boundary passes meanwhile), after the last used one. When both are used
   * (more than two logins within ~30 s), the stored last step is moved back — a test shortcut for
   * "wait for the next 30 seconds", never used where replay is the subject.
   */
  async nextCode(user: Enrolled): Promise<string> {
    const current = totpStep(Date.now());
    let step = Math.max(current, user.lastStep + 1);
    if (step > current + 1) {
      await this.sql(`UPDATE auth.credentials SET totp_last_step = $2 WHERE user_id = $1`, [user.userId, current - 1]);
      step = current;
    }
    user.lastStep = step;
    return hotp(user.secret, step);
  }

  login(payload: object, remoteAddress = nextAddress()) {
    return this.h.app.inject({ method: 'POST', url: '/auth/password-login', headers: { origin: PUBLIC_ORIGIN }, payload, remoteAddress });
  }
}
