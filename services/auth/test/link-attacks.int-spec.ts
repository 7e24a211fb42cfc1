// Attacks on links and the public routes, against real PostgreSQL and a real SMTP server: the token
// suite (every forged, stale or misused link is refused with one code), 50 parallel redemptions of
// one link, enumeration, brute force, and fast-check fuzzing of every auth route (never a 5xx).
import { encryptJwe, KeySet, TOKEN_TYPES } from '@webinar/security';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { AuthBootstrap } from '../src/bootstrap/auth-bootstrap';
import { loadAuthKeys, type AuthKeys } from '../src/keys/auth-keys';
import { type Harness, PUBLIC_ORIGIN, sessionCookieOf, SmtpCatcher, startAuth, tokenOf } from './support/harness';
import { signInWithMfa } from './support/mfa-sign-in';

describe('link attacks', () => {
  let h: Harness;
  let smtp: SmtpCatcher;
  let keys: AuthKeys;
  let rootCookie: string;
  let address = 0;
  /** A fresh client address per call, so the per-address limit only engages where a test wants it. */
  const nextAddress = (): string => `10.1.${Math.floor(++address / 250)}.${address % 250}`;

  const redeem = (token: string, remoteAddress = nextAddress()) =>
    h.app.inject({ method: 'POST', url: '/auth/links/redeem', headers: { origin: PUBLIC_ORIGIN }, payload: { token }, remoteAddress });
  const requestLink = (email: string, remoteAddress = nextAddress()) =>
    h.app.inject({ method: 'POST', url: '/auth/login-links', payload: { email }, remoteAddress });
  let companyId: string;
  let users = 0;
  /** A login link for `email`, by default for a freshly invited user (each account has its own request budget). */
  const loginLinkFor = async (email?: string): Promise<string> => {
    if (email === undefined) {
      email = `user-${++users}@attack.test`;
      const invited = await h.app.inject({
        method: 'POST',
        url: '/auth/invitations',
        headers: { authorization: `Bearer ${await rootToken()}` },
        payload: { invitations: [{ email, companyId }] },
      });
      expect(invited.json()).toMatchObject({ results: [{ status: 'invited' }] });
    }
    const since = smtp.mails.length;
    expect((await requestLink(email)).statusCode).toBe(202);
    return tokenOf(await smtp.linkFor(email, since));
  };
  const expectRefused = async (token: string): Promise<void> => {
    const response = await redeem(token);
    expect({ status: response.statusCode, body: response.json<object>() }).toEqual({
      status: 400,
      body: { code: 'LINK.INVALID', message: expect.any(String) },
    });
    expect(response.headers['set-cookie']).toBeUndefined();
  };
  const rootToken = async (): Promise<string> =>
    (
      await h.app.inject({
        method: 'POST',
        url: '/auth/token',
        headers: { cookie: `__Host-session=${rootCookie}`, origin: PUBLIC_ORIGIN },
        payload: { audience: 'auth' },
      })
    ).json<{ accessToken: string }>().accessToken;
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claimsOf = async (token: string): Promise<Record<string, unknown>> => {
    const { decryptJwe } = await import('@webinar/security');
    const typ = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { typ: string };
    return decryptJwe<Record<string, unknown>>(token, keys.links, { typ: typ.typ });
  };

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    h = await startAuth({ smtpUrl: smtp.url, rootEmail: 'root@webinar.test', rateLimitPerAddress: 10 });
    keys = await loadAuthKeys(h.keysDir);
    const response = await redeem(tokenOf(h.app.get(AuthBootstrap).takeRootLoginLink()!));
    // Inviting is an admin action: root enrols and signs in with password + TOTP first.
    rootCookie = (await signInWithMfa(h.app, sessionCookieOf(response.headers['set-cookie'])!.value, 'root@webinar.test')).cookie;
    companyId = randomUUID();
    await h.bus.publish('cms.company.created.v1', { companyId, name: 'Attack', createdAt: new Date().toISOString() });
    await h.bus.waitForIdle();
  });

  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  describe('token suite: all refused with LINK.INVALID', () => {
    it('a valid link works once, and a replay is refused', async () => {
      const token = await loginLinkFor();
      expect((await redeem(token)).statusCode).toBe(200);
      await expectRefused(token);
    });

    it('expired', async () => {
      const valid = await claimsOf(await loginLinkFor());
      const { exp: _exp, iat: _iat, ...claims } = valid;
      const expired = await encryptJwe(keys.links, claims, { typ: TOKEN_TYPES.loginLink, expiresInSeconds: 1 });
      await new Promise((r) => setTimeout(r, 2100));
      await expectRefused(expired);
    });

    it('tampered ciphertext, tag, iv or header', async () => {
      const token = await loginLinkFor();
      for (const index of [0, 2, 3, 4]) {
        const parts = token.split('.');
        const bytes = Buffer.from(parts[index]!, 'base64url');
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
        parts[index] = bytes.toString('base64url');
        await expectRefused(parts.join('.'));
      }
      // Untouched, it still works: the refusals above were the tampering, not the link.
      expect((await redeem(token)).statusCode).toBe(200);
    });

    it('made with another key (same kid, other secret) or an unknown key', async () => {
      const { exp: _e, iat: _i, ...claims } = await claimsOf(await loginLinkFor());
      const json = keys.links.toJSON();
      const impostor = KeySet.fromJSON({ ...json, keys: json.keys.map((k) => ({ ...k, jwk: { kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url') } })) });
      await expectRefused(await encryptJwe(impostor, claims, { typ: TOKEN_TYPES.loginLink, expiresInSeconds: 300 }));
      await expectRefused(await encryptJwe(await KeySet.generate({ use: 'enc' }), claims, { typ: TOKEN_TYPES.loginLink, expiresInSeconds: 300 }));
    });

    it('alg none and unsigned/unencrypted shapes', async () => {
      const claims = { sub: randomUUID(), cid: null, pur: 'login', lid: randomUUID(), n: 'A'.repeat(22), exp: 9_999_999_999 };
      await expectRefused(`${b64({ alg: 'none', typ: TOKEN_TYPES.loginLink })}.${b64(claims)}.`);
      await expectRefused(`${b64({ alg: 'none', enc: 'A256GCM', typ: TOKEN_TYPES.loginLink, kid: keys.links.activeKey().kid })}..${b64(claims)}..`);
    });

    it('wrong typ (an access-token typ, or a typ that contradicts the purpose inside)', async () => {
      const { exp: _e, iat: _i, ...claims } = await claimsOf(await loginLinkFor());
      await expectRefused(await encryptJwe(keys.links, claims, { typ: TOKEN_TYPES.access, expiresInSeconds: 300 }));
      await expectRefused(await encryptJwe(keys.links, claims, { typ: TOKEN_TYPES.invitation, expiresInSeconds: 300 }));
    });

    it('issued for another purpose (an invitation-purpose token for a login link row)', async () => {
      const { exp: _e, iat: _i, ...claims } = await claimsOf(await loginLinkFor());
      await expectRefused(await encryptJwe(keys.links, { ...claims, pur: 'invitation' }, { typ: TOKEN_TYPES.invitation, expiresInSeconds: 300 }));
    });

    it('revoked: issuing a new login link revokes the older unused one', async () => {
      const older = await loginLinkFor();
      const newer = await loginLinkFor(`user-${users}@attack.test`);
      await expectRefused(older);
      expect((await redeem(newer)).statusCode).toBe(200);
    });

    it('a wrong nonce under a real link id, and a link locked after 5 failed attempts', async () => {
      const token = await loginLinkFor();
      const { exp: _e, iat: _i, ...claims } = await claimsOf(token);
      const guessed = await encryptJwe(keys.links, { ...claims, n: 'B'.repeat(22) }, { typ: TOKEN_TYPES.loginLink, expiresInSeconds: 300 });
      for (let i = 0; i < 5; i += 1) await expectRefused(guessed);
      await expectRefused(token);
    });
  });

  it('50 parallel redemptions of one link give exactly one session', async () => {
    const token = await loginLinkFor();
    const before = await h.db.dataSource.query<{ n: number }[]>('select count(*)::int as n from auth.sessions');
    const responses = await Promise.all(Array.from({ length: 50 }, () => redeem(token)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(49);
    const after = await h.db.dataSource.query<{ n: number }[]>('select count(*)::int as n from auth.sessions');
    expect(after[0]!.n - before[0]!.n).toBe(1);
  });

  it('answers a login-link request identically for a known and an unknown address', async () => {
    const known = await requestLink('user-1@attack.test');
    const unknown = await requestLink(`nobody-${randomUUID()}@webinar.test`);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
    expect(unknown.headers['content-length']).toBe(known.headers['content-length']);
  });

  it('limits login-link requests per account, the same way whether the account exists or not', async () => {
    const unknown = `ghost-${randomUUID()}@webinar.test`;
    const statusesFor = async (email: string): Promise<number[]> => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await requestLink(email)).statusCode);
      return statuses;
    };
    await h.app.inject({
      method: 'POST',
      url: '/auth/invitations',
      headers: { authorization: `Bearer ${await rootToken()}` },
      payload: { invitations: [{ email: 'known@brute.test', companyId }] },
    });
    expect(await statusesFor('known@brute.test')).toEqual([202, 202, 202, 202, 202, 429]);
    expect(await statusesFor(unknown)).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('rate-limits link redemption per client address: guessing gets 429, never a session', async () => {
    const attacker = '192.0.2.66';
    const statuses: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const guess = `${b64({ alg: 'dir', enc: 'A256GCM', typ: TOKEN_TYPES.loginLink, kid: keys.links.activeKey().kid })}..${randomUUID()}.${randomUUID()}.${randomUUID()}`;
      statuses.push((await redeem(guess, attacker)).statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses.slice(10)).toEqual(Array(5).fill(429));
  });

  it('fast-check: no auth route answers hostile input with a 5xx', async () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('', '..', '....', 'eyJ.e.e.e.e', '\u0000', '%00', '../../etc/passwd'));
    const routes: { method: 'GET' | 'POST' | 'DELETE'; url: (s: string) => string; body: boolean; auth: 'none' | 'cookie' | 'bearer' }[] = [
      { method: 'POST', url: () => '/auth/links/redeem', body: true, auth: 'none' },
      { method: 'POST', url: () => '/auth/login-links', body: true, auth: 'none' },
      { method: 'GET', url: (s) => `/auth/link?${encodeURIComponent(s)}=1`, body: false, auth: 'none' },
      { method: 'GET', url: () => '/auth/session', body: false, auth: 'cookie' },
      { method: 'POST', url: () => '/auth/token', body: true, auth: 'cookie' },
      { method: 'POST', url: () => '/auth/logout', body: true, auth: 'cookie' },
      { method: 'GET', url: () => '/auth/sessions', body: false, auth: 'cookie' },
      { method: 'DELETE', url: (s) => `/auth/sessions/${encodeURIComponent(s)}`, body: false, auth: 'cookie' },
      { method: 'POST', url: () => '/auth/invitations', body: true, auth: 'bearer' },
      { method: 'POST', url: (s) => `/auth/users/${encodeURIComponent(s)}/disable`, body: false, auth: 'bearer' },
      { method: 'GET', url: (s) => `/auth/mailbox?limit=${encodeURIComponent(s)}`, body: false, auth: 'bearer' },
    ];
    const bearer = await rootToken();
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(text, json, fc.boolean(), text, async (segment, body, validAuth, junkAuth) => {
          const headers: Record<string, string> = { origin: PUBLIC_ORIGIN };
          if (route.auth === 'cookie') headers['cookie'] = `__Host-session=${validAuth ? rootCookie : junkAuth.replace(/[;\r\n]/g, '')}`;
          if (route.auth === 'bearer') headers['authorization'] = `Bearer ${validAuth ? bearer : junkAuth.replace(/[\r\n]/g, '')}`;
          // Logging out would end the session the other runs use: only with a junk cookie.
          if (route.url('') === '/auth/logout') headers['cookie'] = `__Host-session=${junkAuth.replace(/[;\r\n]/g, '')}`;
          const response = await h.app.inject({
            method: route.method,
            url: route.url(segment),
            headers,
            remoteAddress: nextAddress(),
            ...(route.body ? { payload: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } } : {}),
          });
          expect({ route: route.url('…'), status: response.statusCode < 500 }).toEqual({ route: route.url('…'), status: true });
        }),
        { numRuns: 40 },
      );
    }
  });
});
