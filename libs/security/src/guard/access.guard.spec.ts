import { Controller, Get, Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { KeySet } from '../keys/key-set';
import type { AccessIdentity, GlobalRole } from './access-identity';
import type { AccessTokenVerifierOptions } from './access-token-verifier';
import { Authenticated, CurrentIdentity, Public, RequireRoles } from './decorators';
import { signJwt } from '../jwt/sign-jwt';
import { issueAccessToken } from './issue-access-token';
import { RevocationSet } from './revocation-set';
import { SecurityModule } from './security.module';

const ISSUER = 'https://auth.test';

@Controller('things')
class ThingsController {
  @Get('mine')
  @Authenticated()
  mine(@CurrentIdentity() identity: AccessIdentity): AccessIdentity {
    return identity;
  }

  @Get('undeclared')
  undeclared(): { ok: true } {
    return { ok: true };
  }

  @Get('admin')
  @RequireRoles('root', 'admin')
  admin(): { ok: true } {
    return { ok: true };
  }

  @Get('open')
  @Public()
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('grant-enabled')
  @Authenticated({ mfa: true })
  grantEnabled(): { ok: true } {
    return { ok: true };
  }

  @Get('admin-without-mfa')
  @RequireRoles('admin', 'customer', { mfa: false })
  adminWithoutMfa(): { ok: true } {
    return { ok: true };
  }
}

@Controller('mfa-free')
@RequireRoles('root', 'admin', { mfa: false })
class MfaFreeController {
  @Get()
  index(): { ok: true } {
    return { ok: true };
  }

  // The handler's declaration replaces the controller's whole policy, the default mfa rule included.
  @Get('strict')
  @RequireRoles('admin')
  strict(): { ok: true } {
    return { ok: true };
  }
}

@Controller('public')
@Public()
class PublicController {
  @Get()
  index(): { ok: true } {
    return { ok: true };
  }

  @Get('admin')
  @RequireRoles('admin')
  admin(): { ok: true } {
    return { ok: true };
  }
}

async function createApp(opts: AccessTokenVerifierOptions): Promise<NestFastifyApplication> {
  @Module({ imports: [SecurityModule.forRoot(opts)], controllers: [ThingsController, PublicController, MfaFreeController] })
  class AppModule {}
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function get(
  app: NestFastifyApplication,
  url: string,
  token?: string,
  scheme = 'Bearer',
): Promise<Reply> {
  const response = await app.inject({
    method: 'GET',
    url,
    headers: token === undefined ? {} : { authorization: `${scheme} ${token}` },
  });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

const unauthenticated = { code: 'AUTH.UNAUTHENTICATED', message: expect.any(String) };
const forbidden = { code: 'AUTH.FORBIDDEN', message: expect.any(String) };
const mfaRequired = { code: 'AUTH.MFA_REQUIRED', message: expect.stringContaining('password and authenticator') };

describe('AccessGuard (Nest + Fastify)', () => {
  let keys: KeySet;
  let revocations: RevocationSet;
  let getKey: jest.Mock<ReturnType<JWTVerifyGetKey>, Parameters<JWTVerifyGetKey>>;
  let app: NestFastifyApplication;

  const tokenFor = (
    role: GlobalRole,
    over: Partial<AccessIdentity> = {},
    audience = 'cms',
  ): Promise<string> =>
    issueAccessToken(
      keys,
      { userId: 'u1', companyId: 'c1', role, sessionId: 's1', elevated: false, mfa: true, ...over },
      { issuer: ISSUER, audience, ttlSeconds: 300 },
    );

  beforeAll(async () => {
    keys = await KeySet.generate({ use: 'sig' });
    const jwks = createLocalJWKSet(keys.publicJwks());
    // One key lookup per signature check: counting lookups counts signature checks.
    getKey = jest.fn((header, input) => jwks(header, input));
    revocations = new RevocationSet();
    app = await createApp({ issuer: ISSUER, audience: 'cms', keys: getKey, revocations });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => getKey.mockClear());

  it('lets a @Public() route through without a token', async () => {
    expect(await get(app, '/things/open')).toEqual({ status: 200, body: { ok: true } });
    expect(await get(app, '/public')).toEqual({ status: 200, body: { ok: true } });
  });

  it('answers 401 AUTH.UNAUTHENTICATED on a guarded route without a token', async () => {
    expect(await get(app, '/things/mine')).toEqual({ status: 401, body: unauthenticated });
  });

  it('treats a route without any declaration as guarded', async () => {
    expect((await get(app, '/things/undeclared')).status).toBe(401);
    expect((await get(app, '/things/undeclared', await tokenFor('customer'))).status).toBe(200);
  });

  it.each([
    ['garbage', async () => 'not-a-jwt'],
    ['a token for another audience', () => tokenFor('admin', {}, 'polls')],
    [
      'a token signed by another key',
      async () => {
        const other = await KeySet.generate({ use: 'sig' });
        return issueAccessToken(
          other,
          { userId: 'u1', companyId: 'c1', role: 'admin', sessionId: 's1', elevated: false, mfa: true },
          { issuer: ISSUER, audience: 'cms', ttlSeconds: 60 },
        );
      },
    ],
  ])('answers 401 for %s', async (_name, make) => {
    const token = await make();

    expect(await get(app, '/things/mine', token)).toEqual({ status: 401, body: unauthenticated });
  });

  it('answers 401 for a valid token under another scheme', async () => {
    expect((await get(app, '/things/mine', await tokenFor('admin'), 'Basic')).status).toBe(401);
  });

  it('attaches the identity for @CurrentIdentity()', async () => {
    const reply = await get(
      app,
      '/things/mine',
      await tokenFor('customer', { userId: 'u9', companyId: null }),
    );

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      userId: 'u9',
      companyId: null,
      role: 'customer',
      sessionId: 's1',
      elevated: false,
      mfa: true,
      tokenExpiresAt: expect.any(Number),
    });
  });

  it('answers 403 AUTH.FORBIDDEN when the role is not allowed, 200 when it is', async () => {
    expect(await get(app, '/things/admin', await tokenFor('customer'))).toEqual({
      status: 403,
      body: forbidden,
    });
    expect((await get(app, '/things/admin', await tokenFor('admin'))).status).toBe(200);
    expect((await get(app, '/things/admin', await tokenFor('root'))).status).toBe(200);
  });

  describe('mfa (a session opened with password + second factor)', () => {
    it.each(['root', 'admin'] as const)(
      'refuses %s without mfa on a role route with 403 AUTH.MFA_REQUIRED, lets it through with mfa',
      async (role) => {
        expect(await get(app, '/things/admin', await tokenFor(role, { mfa: false }))).toEqual({
          status: 403,
          body: mfaRequired,
        });
        expect((await get(app, '/things/admin', await tokenFor(role, { mfa: true }))).status).toBe(200);
      },
    );

    it('demands mfa of root and admin on @Authenticated() and undeclared routes, not of the others', async () => {
      for (const path of ['/things/mine', '/things/undeclared']) {
        expect(await get(app, path, await tokenFor('admin', { mfa: false }))).toEqual({ status: 403, body: mfaRequired });
        expect((await get(app, path, await tokenFor('root', { mfa: false }))).status).toBe(403);
        expect((await get(app, path, await tokenFor('customer', { mfa: false }))).status).toBe(200);
        expect((await get(app, path, await tokenFor('prospect', { mfa: false }))).status).toBe(200);
      }
    });

    it('answers AUTH.FORBIDDEN, not MFA_REQUIRED, to a role the route does not admit at all', async () => {
      expect(await get(app, '/things/admin', await tokenFor('customer', { mfa: false }))).toEqual({
        status: 403,
        body: forbidden,
      });
    });

    it('{ mfa: true } demands it of every caller (rights a per-seminar grant gives)', async () => {
      expect(await get(app, '/things/grant-enabled', await tokenFor('customer', { mfa: false }))).toEqual({
        status: 403,
        body: mfaRequired,
      });
      expect((await get(app, '/things/grant-enabled', await tokenFor('customer', { mfa: true }))).status).toBe(200);
    });

    it('{ mfa: false } is an explicit decision that lets root and admin through without it', async () => {
      expect((await get(app, '/things/admin-without-mfa', await tokenFor('admin', { mfa: false }))).status).toBe(200);
      expect((await get(app, '/mfa-free', await tokenFor('root', { mfa: false }))).status).toBe(200);
      // A handler's own policy replaces the controller's, so the default applies there again.
      expect(await get(app, '/mfa-free/strict', await tokenFor('admin', { mfa: false }))).toEqual({
        status: 403,
        body: mfaRequired,
      });
    });

    it('treats a token without the mfa claim (an older auth) as no mfa', async () => {
      const legacy = await signJwt(
        keys,
        { sid: 'legacy', cid: 'c1', role: 'admin', elv: false },
        { typ: 'at+jwt', issuer: ISSUER, audience: 'cms', subject: 'u1', expiresInSeconds: 60 },
      );

      expect(await get(app, '/things/admin', legacy)).toEqual({ status: 403, body: mfaRequired });
    });
  });

  it('enforces a handler policy inside a @Public() controller', async () => {
    expect((await get(app, '/public/admin')).status).toBe(401);
    expect((await get(app, '/public/admin', await tokenFor('prospect'))).status).toBe(403);
    expect((await get(app, '/public/admin', await tokenFor('admin'))).status).toBe(200);
  });

  it('checks the signature of a token once, then serves it from the cache', async () => {
    const token = await tokenFor('customer', { sessionId: 'cache-test' });

    for (let i = 0; i < 3; i++) expect((await get(app, '/things/mine', token)).status).toBe(200);

    expect(getKey).toHaveBeenCalledTimes(1);
  });

  it('refuses a revoked session even though its token is cached', async () => {
    const token = await tokenFor('customer', { sessionId: 'to-revoke' });
    expect((await get(app, '/things/mine', token)).status).toBe(200);

    revocations.revokeSession('to-revoke', Math.floor(Date.now() / 1000) + 300);

    expect(await get(app, '/things/mine', token)).toEqual({ status: 401, body: unauthenticated });
    expect(getKey).toHaveBeenCalledTimes(1);
  });

  it('keeps each app on its own verifier when several run in one process', async () => {
    // Passport's strategy registry is process-wide; a second app must not take over the first one's checks.
    const polls = await createApp({
      issuer: ISSUER,
      audience: 'polls',
      keys,
      revocations: new RevocationSet(),
    });
    try {
      const cmsToken = await tokenFor('admin');
      const pollsToken = await tokenFor('admin', {}, 'polls');

      expect((await get(app, '/things/mine', cmsToken)).status).toBe(200);
      expect((await get(app, '/things/mine', pollsToken)).status).toBe(401);
      expect((await get(polls, '/things/mine', pollsToken)).status).toBe(200);
      expect((await get(polls, '/things/mine', cmsToken)).status).toBe(401);
    } finally {
      await polls.close();
    }
  });

  it('answers 503 when the verification keys cannot be fetched', async () => {
    const down = await createApp({
      issuer: ISSUER,
      audience: 'cms',
      keys: () => Promise.reject(new TypeError('fetch failed')),
      revocations: new RevocationSet(),
    });
    try {
      const reply = await get(down, '/things/mine', await tokenFor('admin'));

      expect(reply).toEqual({ status: 503, body: { code: 'SERVICE.UNAVAILABLE', message: expect.any(String) } });
    } finally {
      await down.close();
    }
  });
});
