import { EDGE_ID_HEADER, EDGE_SIGNATURE_HEADER, EDGE_TIME_HEADER, EdgeCredential, EdgeCredentialError } from './edge-credential';

describe('EdgeCredential', () => {
  const secret = 'x'.repeat(24) + 'correct-horse-battery';
  const sut = EdgeCredential.fromSecret(secret);
  const path = '/origin/5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11/seg_1.ts';
  const now = 1_800_000_000_000;

  it('accepts its own signature for that request and names the edge', () => {
    expect(sut.verify(sut.sign('edge-a', 'GET', path, now), 'GET', path, now)).toBe('edge-a');
  });

  it('never puts the secret in the headers', () => {
    expect(JSON.stringify(sut.sign('edge-a', 'GET', path, now))).not.toContain('correct-horse');
  });

  it('refuses another secret, another path, another method, a forged edge id and a stale signature', () => {
    const headers = sut.sign('edge-a', 'GET', path, now);
    expect(EdgeCredential.fromSecret(`${secret}!`).verify(headers, 'GET', path, now)).toBeUndefined();
    expect(sut.verify(headers, 'GET', path.replace('seg_1', 'seg_2'), now)).toBeUndefined();
    expect(sut.verify(headers, 'POST', path, now)).toBeUndefined();
    expect(sut.verify({ ...headers, [EDGE_ID_HEADER]: 'edge-b' }, 'GET', path, now)).toBeUndefined();
    expect(sut.verify(headers, 'GET', path, now + 61_000)).toBeUndefined();
    expect(sut.verify(headers, 'GET', path, now + 59_000)).toBe('edge-a');
  });

  it('refuses missing, repeated or malformed headers', () => {
    const headers = sut.sign('edge-a', 'GET', path, now);
    expect(sut.verify({}, 'GET', path, now)).toBeUndefined();
    expect(sut.verify({ ...headers, [EDGE_SIGNATURE_HEADER]: undefined }, 'GET', path, now)).toBeUndefined();
    expect(sut.verify({ ...headers, [EDGE_TIME_HEADER]: [headers[EDGE_TIME_HEADER]!] }, 'GET', path, now)).toBeUndefined();
    expect(sut.verify({ ...headers, [EDGE_SIGNATURE_HEADER]: 'AAAA' }, 'GET', path, now)).toBeUndefined();
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => EdgeCredential.fromSecret('  short-secret \n')).toThrow(EdgeCredentialError);
  });
});
