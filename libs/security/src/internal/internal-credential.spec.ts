import {
  canonicalJson,
  INTERNAL_CALLER_HEADER,
  INTERNAL_SIGNATURE_HEADER,
  INTERNAL_TIME_HEADER,
  InternalCredential,
  InternalCredentialError,
} from './internal-credential';

describe('InternalCredential', () => {
  const sut = InternalCredential.fromSecret('internal-secret-for-the-unit-test-0123456789');
  const body = { keyId: 'k', seminarId: 's', presenterId: 'p' };
  const now = 1_800_000_000_000;

  it('verifies its own signature for that request, whatever the key order of the parsed body', () => {
    const headers = sut.sign('stream.a', 'POST', '/cms/internal/stream-keys/authorize', body, now);
    expect(sut.verify(headers, 'post', '/cms/internal/stream-keys/authorize', { presenterId: 'p', seminarId: 's', keyId: 'k' }, now)).toBe('stream.a');
  });

  it('refuses another body, path, method, caller, secret, a stale or future time, and missing headers', () => {
    const headers = sut.sign('stream.a', 'POST', '/cms/internal/stream-keys/authorize', body, now);
    const path = '/cms/internal/stream-keys/authorize';
    expect(sut.verify(headers, 'POST', path, { ...body, keyId: 'other' }, now)).toBeUndefined();
    expect(sut.verify(headers, 'POST', '/cms/internal/revocations', body, now)).toBeUndefined();
    expect(sut.verify(headers, 'GET', path, body, now)).toBeUndefined();
    expect(sut.verify({ ...headers, 'x-webinar-internal-caller': 'stream.b' }, 'POST', path, body, now)).toBeUndefined();
    expect(InternalCredential.fromSecret('another-secret-for-the-unit-test-0123456789').verify(headers, 'POST', path, body, now)).toBeUndefined();
    expect(sut.verify(headers, 'POST', path, body, now + 61_000)).toBeUndefined();
    expect(sut.verify(headers, 'POST', path, body, now - 61_000)).toBeUndefined();
    expect(sut.verify({ ...headers, [INTERNAL_TIME_HEADER]: String(now / 1000 + 1) }, 'POST', path, body, now)).toBeUndefined();
    expect(sut.verify({ ...headers, [INTERNAL_SIGNATURE_HEADER]: 'AAAA' }, 'POST', path, body, now)).toBeUndefined();
    expect(sut.verify({}, 'POST', path, body, now)).toBeUndefined();
  });

  it('signs "no body" the same whether it is undefined or null (GET requests)', () => {
    const headers = sut.sign('stream.a', 'GET', '/auth/internal/revocations', undefined, now);
    expect(sut.verify(headers, 'GET', '/auth/internal/revocations', null, now)).toBe('stream.a');
    expect(sut.verify(headers, 'GET', '/auth/internal/revocations?x=1', null, now)).toBeUndefined();
  });

  it('needs a secret of at least 32 characters and a plain caller name', () => {
    expect(() => InternalCredential.fromSecret('short')).toThrow(InternalCredentialError);
    expect(() => sut.sign('a b', 'GET', '/x')).toThrow(InternalCredentialError);
  });

  it('serialises canonically: sorted keys at every level, undefined members dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  // The edge → origin use (services/stream: origin-client signs, origin-server verifies): bodiless
  // GETs of one media object, the edge's INSTANCE_ID as the caller. Moved from the stream service's
  // former EdgeCredential, which did the same job with its own copy of the construction.
  describe('as the edge signs its GETs to an ingest origin', () => {
    const secret = 'x'.repeat(24) + 'correct-horse-battery';
    const origin = InternalCredential.fromSecret(secret);
    const path = '/origin/5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11/seg_1.ts';

    it('accepts its own signature for that object and names the edge', () => {
      expect(origin.verify(origin.sign('edge-a', 'GET', path, undefined, now), 'GET', path, undefined, now)).toBe('edge-a');
    });

    it('never puts the secret in the headers', () => {
      expect(JSON.stringify(origin.sign('edge-a', 'GET', path, undefined, now))).not.toContain('correct-horse');
    });

    it('refuses another secret, another object, another method, a forged edge id and a stale signature', () => {
      const headers = origin.sign('edge-a', 'GET', path, undefined, now);
      expect(InternalCredential.fromSecret(`${secret}!`).verify(headers, 'GET', path, undefined, now)).toBeUndefined();
      expect(origin.verify(headers, 'GET', path.replace('seg_1', 'seg_2'), undefined, now)).toBeUndefined();
      expect(origin.verify(headers, 'POST', path, undefined, now)).toBeUndefined();
      expect(origin.verify({ ...headers, [INTERNAL_CALLER_HEADER]: 'edge-b' }, 'GET', path, undefined, now)).toBeUndefined();
      expect(origin.verify(headers, 'GET', path, undefined, now + 61_000)).toBeUndefined();
      expect(origin.verify(headers, 'GET', path, undefined, now + 59_000)).toBe('edge-a');
    });

    it('refuses missing, repeated or malformed headers', () => {
      const headers = origin.sign('edge-a', 'GET', path, undefined, now);
      expect(origin.verify({}, 'GET', path, undefined, now)).toBeUndefined();
      expect(origin.verify({ ...headers, [INTERNAL_SIGNATURE_HEADER]: undefined }, 'GET', path, undefined, now)).toBeUndefined();
      expect(origin.verify({ ...headers, [INTERNAL_TIME_HEADER]: [headers[INTERNAL_TIME_HEADER]!] }, 'GET', path, undefined, now)).toBeUndefined();
      expect(origin.verify({ ...headers, [INTERNAL_SIGNATURE_HEADER]: 'AAAA' }, 'GET', path, undefined, now)).toBeUndefined();
    });

    it('refuses a secret shorter than 32 characters', () => {
      expect(() => InternalCredential.fromSecret('  short-secret \n')).toThrow(InternalCredentialError);
    });
  });
});
