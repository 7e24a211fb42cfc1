import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { signJwt } from '../jwt/sign-jwt';
import { verifyJwt } from '../jwt/verify-jwt';
import { KeySet } from './key-set';
import { createRemoteKeySet } from './remote-key-set';

const opts = { typ: 'at+jwt', issuer: 'auth', audience: 'cms' };

describe('createRemoteKeySet', () => {
  let server: Server;
  let keys: KeySet;
  let url: URL;
  beforeAll(async () => {
    keys = await KeySet.generate({ use: 'sig' });
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(keys.publicJwks()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("verifies tokens against the issuer's published JWKS, including a key rotated in later", async () => {
    const sut = createRemoteKeySet(url, { cooldownDuration: 0 });
    const first = await signJwt(keys, {}, { ...opts, expiresInSeconds: 60 });
    await expect(verifyJwt(first, sut, opts)).resolves.toBeDefined();

    await keys.rotate();
    const second = await signJwt(keys, {}, { ...opts, expiresInSeconds: 60 });

    expect((await verifyJwt(second, sut, opts)).header.kid).toBe(keys.activeKey().kid);
  });

  it('reports an unreachable JWKS as KEYS_UNAVAILABLE', async () => {
    const closed = new URL('http://127.0.0.1:9/jwks.json');
    const token = await signJwt(keys, {}, { ...opts, expiresInSeconds: 60 });

    await expect(
      verifyJwt(token, createRemoteKeySet(closed, { timeoutDuration: 2000 }), opts),
    ).rejects.toMatchObject({
      code: 'TOKEN.KEYS_UNAVAILABLE',
    });
  });
});
