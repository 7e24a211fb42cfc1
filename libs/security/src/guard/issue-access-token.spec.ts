import { KeySet } from '../keys/key-set';
import { verifyJwt } from '../jwt/verify-jwt';
import { issueAccessToken } from './issue-access-token';

describe('issueAccessToken', () => {
  const identity = {
    userId: 'u1',
    companyId: 'c1',
    role: 'admin' as const,
    sessionId: 's1',
    elevated: false,
    mfa: true,
  };

  it('signs an at+jwt with sub, sid, cid, role, elv, mfa and a lifetime of ttlSeconds', async () => {
    const keys = await KeySet.generate({ use: 'sig' });

    const token = await issueAccessToken(keys, identity, {
      issuer: 'auth',
      audience: 'cms',
      ttlSeconds: 120,
    });

    const { payload, header } = await verifyJwt(token, keys, {
      typ: 'at+jwt',
      issuer: 'auth',
      audience: 'cms',
    });
    expect(header.typ).toBe('at+jwt');
    expect(payload).toMatchObject({ sub: 'u1', sid: 's1', cid: 'c1', role: 'admin', elv: false, mfa: true });
    expect(payload.exp - payload.iat!).toBe(120);
    expect(typeof payload.jti).toBe('string');
  });

  it.each([0, 301, Number.NaN])('refuses a lifetime of %p seconds', async (ttlSeconds) => {
    const keys = await KeySet.generate({ use: 'sig' });

    await expect(
      issueAccessToken(keys, identity, { issuer: 'auth', audience: 'cms', ttlSeconds }),
    ).rejects.toThrow(RangeError);
  });
});
