// Privileged routes (root, admin, presenter and moderator actions) refuse tokens of link sessions
// (AUTH.MFA_REQUIRED). Tests that act as root or admin therefore do what such a person does after the
// link sign-in: set a password, enrol an authenticator, and sign in again with password + TOTP.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { base32Decode, hotp, totpStep } from '../../src/credentials/totp';
import { PUBLIC_ORIGIN, sessionCookieOf } from './harness';

export const MFA_TEST_PASSWORD = 'copper meadow ledger 4412';

export interface MfaSession {
  /** The `pwd+otp` session's cookie value. */
  cookie: string;
  secret: Buffer;
  recoveryCodes: string[];
  /** The last TOTP step the server accepted. */
  lastStep: number;
}

let address = 0;
/** Each call from its own client address: the per-address limits stay out of the way. */
const nextAddress = (): string => `10.11.${Math.floor(++address / 250) % 250}.${address % 250}`;

async function post(app: NestFastifyApplication, url: string, payload: object, cookie?: string) {
  const response = await app.inject({
    method: 'POST',
    url,
    headers: { origin: PUBLIC_ORIGIN, ...(cookie ? { cookie: `__Host-session=${cookie}` } : {}) },
    payload,
    remoteAddress: nextAddress(),
  });
  if (response.statusCode >= 300) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  return response;
}

/**
 * From a fresh link session (within its first 10 minutes) of the account `email`: sets `password`,
 * enrols TOTP, then signs in with password + TOTP. Answers the new session (amr `pwd+otp`).
 */
export async function signInWithMfa(
  app: NestFastifyApplication,
  linkCookie: string,
  email: string,
  password = MFA_TEST_PASSWORD,
): Promise<MfaSession> {
  await post(app, '/auth/credentials/password', { password }, linkCookie);
  const started = await post(app, '/auth/credentials/totp', { password }, linkCookie);
  const secret = base32Decode(started.json<{ secret: string }>().secret)!;
  const enrolledAt = totpStep(Date.now());
  const confirmed = await post(app, '/auth/credentials/totp/confirm', { code: hotp(secret, enrolledAt) }, linkCookie);
  // The enrolment's code counts as used; the next step is inside the ±1 window right away.
  const lastStep = enrolledAt + 1;
  const login = await post(app, '/auth/password-login', { email, password, totp: hotp(secret, lastStep) });
  const cookie = sessionCookieOf(login.headers['set-cookie'])?.value;
  if (!cookie) throw new Error('password login set no session cookie');
  return { cookie, secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes, lastStep };
}
