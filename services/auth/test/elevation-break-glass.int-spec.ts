// Break-glass (issue #7) against real PostgreSQL and real RabbitMQ: with the operator's secret (read
// from a file) a root self-approves a short elevation, loudly; a wrong secret is refused and audited;
// without a configured secret the path does not exist at all; guessing is rate-limited.
import { ACCESS_TOKEN_ISSUER } from '@webinar/http';
import { issueAccessToken } from '@webinar/security';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthBootstrap } from '../src/bootstrap/auth-bootstrap';
import { BreakGlassSecret } from '../src/elevation/break-glass';
import { BREAK_GLASS_ATTEMPTS } from '../src/elevation/break-glass.service';
import { auditEvents, authClient, type RabbitAuth, startAuthOnRabbitMq } from './support/auth-on-rabbitmq';
import { silent } from './support/harness';
import { signInWithMfa } from './support/mfa-sign-in';

jest.setTimeout(60_000);

const claimsOf = (token: string): { exp: number; elv: boolean } =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number; elv: boolean };

describe('break-glass elevation', () => {
  const secret = randomBytes(32).toString('base64url');
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'break-glass-'));
    writeFileSync(join(dir, 'secret'), `${secret}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'short'), 'too short\n', { mode: 0o600 });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('with the operator secret configured', () => {
    let h: RabbitAuth;
    let client: ReturnType<typeof authClient>;
    let root: string;
    let rootLink: string;
    let rootId: string;
    const breakGlass = async (body: object) => client.call('POST', '/auth/elevations/break-glass', (await client.token(root)).accessToken, body);
    const reason = 'incident 17: no other root reachable';

    beforeAll(async () => {
      h = await startAuthOnRabbitMq({ breakGlassSecretFile: join(dir, 'secret'), breakGlassMaxSeconds: 900, elevationSweepSeconds: 3600 });
      client = authClient(h.app);
      // A standalone's single root: signed in by the banner's link, then enrolled (break-glass needs mfa).
      rootLink = await client.redeemLink(h.app.get(AuthBootstrap).takeRootLoginLink()!);
      root = (await signInWithMfa(h.app, rootLink, 'root@localhost')).cookie;
      rootId = (await client.whoAmI(root)).json<{ user: { id: string } }>().user.id;
    });

    afterAll(async () => {
      await h?.close();
    });

    it('refuses a wrong secret, elevates nothing, and audits the attempt', async () => {
      const refused = await breakGlass({ reason, durationSeconds: 600, secret: `${secret}x` });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'ELEVATION.BREAK_GLASS_REFUSED' });
      expect((await client.token(root)).elevated).toBe(false);
      expect(await auditEvents(h.db, 'auth.elevation.break-glass')).toEqual([
        expect.objectContaining({ actorId: rootId, companyId: null, details: { granted: false, why: 'wrong-secret' } }),
      ]);
    });

    it("refuses the link session's token (no mfa) even with the right secret, before any attempt counts", async () => {
      const before = (await auditEvents(h.db, 'auth.elevation.break-glass')).length;
      const refused = await client.call('POST', '/auth/elevations/break-glass', (await client.token(rootLink)).accessToken, {
        reason,
        durationSeconds: 600,
        secret,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'AUTH.MFA_REQUIRED' });
      expect((await client.token(rootLink)).elevated).toBe(false);
      expect(await auditEvents(h.db, 'auth.elevation.break-glass')).toHaveLength(before);
    });

    it('needs a reason and keeps to the shorter break-glass maximum', async () => {
      expect((await breakGlass({ reason: 'urgent', durationSeconds: 600, secret })).statusCode).toBe(400);
      expect((await breakGlass({ durationSeconds: 600, secret })).statusCode).toBe(400);
      const tooLong = await breakGlass({ reason, durationSeconds: 901, secret });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json()).toMatchObject({ code: 'ELEVATION.DURATION_TOO_LONG' });
    });

    it('with the right secret, self-approves a short elevation, loudly, and never logs the secret', async () => {
      silent.warn.mockClear();
      const granted = await breakGlass({ reason, durationSeconds: 600, secret });
      expect(granted.statusCode).toBe(201);
      const elevation = granted.json<{ id: string; endsAt: string }>();
      expect(granted.json()).toMatchObject({ status: 'approved', breakGlass: true, decidedBy: rootId });
      const token = await client.token(root);
      expect(token.elevated).toBe(true);
      expect(claimsOf(token.accessToken).exp * 1000).toBeLessThanOrEqual(new Date(elevation.endsAt).getTime());
      expect(await auditEvents(h.db, 'auth.elevation.break-glass')).toContainEqual(
        expect.objectContaining({ actorId: rootId, subject: elevation.id, details: expect.objectContaining({ granted: true, reason, durationSeconds: 600 }) }),
      );
      expect(silent.warn).toHaveBeenCalledWith(expect.objectContaining({ elevationId: elevation.id }), expect.stringContaining('BREAK-GLASS'));
      const everything = JSON.stringify([silent.warn.mock.calls, silent.info.mock.calls, silent.error.mock.calls, await auditEvents(h.db)]);
      expect(everything).not.toContain(secret);
      // Already elevated: a second break-glass is refused rather than stacked.
      expect((await breakGlass({ reason, durationSeconds: 60, secret })).json()).toMatchObject({ code: 'ELEVATION.ALREADY_OPEN' });
    });

    it('is for root only: an admin token, even with the secret, is refused by role', async () => {
      const admin = await issueAccessToken(
        h.accessKeys,
        { userId: randomUUID(), companyId: randomUUID(), role: 'admin', sessionId: randomUUID(), elevated: false, mfa: true },
        { issuer: ACCESS_TOKEN_ISSUER, audience: 'auth', ttlSeconds: 60 },
      );
      const refused = await client.call('POST', '/auth/elevations/break-glass', admin, { reason, durationSeconds: 60, secret });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'AUTH.FORBIDDEN' });
      expect((await client.call('POST', '/auth/elevations/break-glass', undefined, { reason, durationSeconds: 60, secret })).statusCode).toBe(401);
    });
  });

  describe('without a configured secret (the default)', () => {
    let h: RabbitAuth;
    let client: ReturnType<typeof authClient>;
    let root: string;

    beforeAll(async () => {
      h = await startAuthOnRabbitMq({ elevationSweepSeconds: 3600 });
      client = authClient(h.app);
      root = (await signInWithMfa(h.app, await client.redeemLink(h.app.get(AuthBootstrap).takeRootLoginLink()!), 'root@localhost')).cookie;
    });

    afterAll(async () => {
      await h?.close();
    });

    it('is disabled, whatever the secret, and guessing is rate-limited per account', async () => {
      for (let attempt = 0; attempt < BREAK_GLASS_ATTEMPTS; attempt += 1) {
        const refused = await client.call('POST', '/auth/elevations/break-glass', (await client.token(root)).accessToken, {
          reason: 'incident 17: no other root reachable',
          durationSeconds: 60,
          secret,
        });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({ code: 'ELEVATION.BREAK_GLASS_DISABLED' });
      }
      const limited = await client.call('POST', '/auth/elevations/break-glass', (await client.token(root)).accessToken, {
        reason: 'incident 17: no other root reachable',
        durationSeconds: 60,
        secret,
      });
      expect(limited.statusCode).toBe(429);
      expect((await client.token(root)).elevated).toBe(false);
    });
  });

  it('refuses to start with a configured secret file that is missing or too short (fails closed)', async () => {
    await expect(BreakGlassSecret.fromFile(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
    await expect(BreakGlassSecret.fromFile(join(dir, 'short'))).rejects.toThrow(/fewer than 32 characters/);
    const loaded = await BreakGlassSecret.fromFile(join(dir, 'secret'));
    expect([loaded.enabled, loaded.matches(secret), loaded.matches(`${secret} `), loaded.matches('')]).toEqual([true, true, false, false]);
    expect(BreakGlassSecret.disabled().matches('')).toBe(false);
  });
});
