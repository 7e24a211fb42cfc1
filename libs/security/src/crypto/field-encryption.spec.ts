import { randomBytes } from 'node:crypto';
import { CryptoError, type CryptoErrorCode } from '../errors/crypto-error';
import { FieldCipher } from './field-encryption';
import { deriveSubjectKey, SubjectKeyring } from './subject-keys';

function expectCryptoError(run: () => unknown, code: CryptoErrorCode): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CryptoError);
  expect((error as CryptoError).code).toBe(code);
}

function replacePart(ciphertext: string, index: number, change: (b: Buffer) => Buffer): string {
  const parts = ciphertext.split('.');
  parts[index] = change(Buffer.from(parts[index]!, 'base64url')).toString('base64url');
  return parts.join('.');
}

const flipFirstByte = (b: Buffer): Buffer => {
  const copy = Buffer.from(b);
  copy[0] = copy[0]! ^ 0x01;
  return copy;
};

describe('FieldCipher', () => {
  const masterKey = randomBytes(32);
  let keyring: SubjectKeyring;
  let sut: FieldCipher;
  beforeEach(() => {
    keyring = new SubjectKeyring();
    keyring.ensure('alice');
    keyring.ensure('bob');
    sut = FieldCipher.fromMasterKey(masterKey, keyring.lookup);
  });

  it('round-trips text, including empty and non-ASCII', () => {
    for (const text of ['alice@example.com', '', 'Zoë Ångström 🎥']) {
      expect(sut.decrypt('alice', sut.encrypt('alice', text))).toBe(text);
    }
  });

  it('writes v1.<nonce>.<ciphertext>.<tag> in base64url with a 96-bit nonce and 128-bit tag', () => {
    const [version, nonce, body, tag, ...rest] = sut.encrypt('alice', 'hello').split('.');

    expect(version).toBe('v1');
    expect(rest).toEqual([]);
    expect(Buffer.from(nonce!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(body!, 'base64url')).toHaveLength(5);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
  });

  it('gives different ciphertexts for the same value: per encryption and per subject', () => {
    const a1 = sut.encrypt('alice', 'same');
    const a2 = sut.encrypt('alice', 'same');
    const b1 = sut.encrypt('bob', 'same');

    expect(new Set([a1, a2, b1]).size).toBe(3);
    expect(new Set([a1, a2, b1].map((c) => c.split('.')[2])).size).toBe(3);
  });

  it("refuses one subject's ciphertext under another subject", () => {
    const forAlice = sut.encrypt('alice', 'secret');

    expectCryptoError(() => sut.decrypt('bob', forAlice), 'CRYPTO.TAMPERED');
  });

  it('derives different keys per subject and per salt', () => {
    const salt = randomBytes(32);

    expect(deriveSubjectKey(masterKey, 'alice', salt).equals(deriveSubjectKey(masterKey, 'bob', salt))).toBe(
      false,
    );
    expect(
      deriveSubjectKey(masterKey, 'alice', salt).equals(
        deriveSubjectKey(masterKey, 'alice', randomBytes(32)),
      ),
    ).toBe(false);
    expect(
      deriveSubjectKey(masterKey, 'alice', salt).equals(deriveSubjectKey(masterKey, 'alice', salt)),
    ).toBe(true);
  });

  it.each([
    ['nonce', 1],
    ['ciphertext', 2],
    ['tag', 3],
  ])('detects a changed %s', (_name, index) => {
    const tampered = replacePart(sut.encrypt('alice', 'secret'), index, flipFirstByte);

    expectCryptoError(() => sut.decrypt('alice', tampered), 'CRYPTO.TAMPERED');
  });

  it('binds the associated data', () => {
    const ciphertext = sut.encrypt('alice', 'secret', 'users.email');

    expect(sut.decrypt('alice', ciphertext, 'users.email')).toBe('secret');
    expectCryptoError(() => sut.decrypt('alice', ciphertext, 'users.name'), 'CRYPTO.TAMPERED');
    expectCryptoError(() => sut.decrypt('alice', ciphertext), 'CRYPTO.TAMPERED');
  });

  it('refuses a ciphertext from another master key', () => {
    const other = FieldCipher.fromMasterKey(randomBytes(32), keyring.lookup);

    expectCryptoError(() => other.decrypt('alice', sut.encrypt('alice', 'secret')), 'CRYPTO.TAMPERED');
  });

  it.each([
    '',
    'v1',
    'v2.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.short.AA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.a.b.c.d',
  ])('refuses malformed input %p', (input) => {
    expectCryptoError(() => sut.decrypt('alice', input), 'CRYPTO.MALFORMED');
  });

  it('crypto-shredding: once the subject salt is destroyed nothing of theirs decrypts, others are unaffected', () => {
    const aliceData = sut.encrypt('alice', 'alice@example.com');
    const bobData = sut.encrypt('bob', 'bob@example.com');

    keyring.destroy('alice');

    expectCryptoError(() => sut.decrypt('alice', aliceData), 'CRYPTO.KEY_DESTROYED');
    expectCryptoError(() => sut.encrypt('alice', 'new'), 'CRYPTO.KEY_DESTROYED');
    expect(sut.decrypt('bob', bobData)).toBe('bob@example.com');
  });

  it('crypto-shredding: a new salt for the same subject cannot read the old data', () => {
    const aliceData = sut.encrypt('alice', 'alice@example.com');
    keyring.destroy('alice');
    keyring.ensure('alice');

    expectCryptoError(() => sut.decrypt('alice', aliceData), 'CRYPTO.TAMPERED');
  });

  it('works without a salt lookup (no shredding), still per subject', () => {
    const plain = FieldCipher.fromMasterKey(masterKey);
    const ciphertext = plain.encrypt('alice', 'x');

    expect(plain.decrypt('alice', ciphertext)).toBe('x');
    expectCryptoError(() => plain.decrypt('bob', ciphertext), 'CRYPTO.TAMPERED');
  });

  it('requires a 32-byte master key, and copies it', () => {
    expectCryptoError(() => FieldCipher.fromMasterKey(randomBytes(16)), 'CRYPTO.BAD_KEY');

    const key = randomBytes(32);
    const cipher = FieldCipher.fromMasterKey(key);
    const ciphertext = cipher.encrypt('alice', 'x');
    key.fill(0);
    expect(cipher.decrypt('alice', ciphertext)).toBe('x');
  });
});
