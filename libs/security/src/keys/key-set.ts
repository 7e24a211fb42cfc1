// A rotating set of keys for one use (signing or encryption). Exactly one key is active (it signs or
// encrypts); older keys stay "verify-only" so tokens already issued keep working until they expire,
// then get retired. Retiring drops the key material and keeps only a tombstone of the kid.
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { z } from 'zod';
import { KeySetError } from '../errors/key-set-error';

export type KeyUse = 'sig' | 'enc';
export type KeyState = 'active' | 'verify-only' | 'retired';

export interface KeyInfo {
  readonly kid: string;
  readonly state: KeyState;
  /** Epoch seconds. */
  readonly createdAt: number;
}

/** The key that signs (Ed25519 private key) or encrypts (256-bit secret) new tokens. */
export interface ActiveKey {
  readonly kid: string;
  readonly key: KeyObject;
}

/** The key that checks a token: the Ed25519 public key for `sig`, the secret for `enc`. */
export interface VerificationKey {
  readonly kid: string;
  readonly state: 'active' | 'verify-only';
  readonly key: KeyObject;
}

/** A public JWK as published in a JWKS (auth's and cms's `/.well-known/jwks.json`). */
export const publicJwk = z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') });
export type PublicJwk = z.input<typeof publicJwk>;
export const publicJwkSet = z.object({ keys: z.array(publicJwk) });
export type PublicJwkSet = z.input<typeof publicJwkSet>;

export interface KeySetJson {
  version: 1;
  use: KeyUse;
  keys: { kid: string; state: KeyState; createdAt: number; jwk?: JWK }[];
}

interface Material {
  readonly privateJwk: JWK;
  /** Signing (private) key or secret. */
  readonly useKey: KeyObject;
  /** Verification (public) key or the same secret. */
  readonly checkKey: KeyObject;
}

interface Entry {
  readonly kid: string;
  state: KeyState;
  readonly createdAt: number;
  material: Material | undefined;
}

const ENC_KEY_BYTES = 32;
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const sigJwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: base64url,
  d: base64url,
});
const encJwkSchema = z.object({ kty: z.literal('oct'), k: base64url });
const keySetJsonSchema = z.object({
  version: z.literal(1),
  use: z.enum(['sig', 'enc']),
  keys: z
    .array(
      z.object({
        kid: z.string().min(1).max(128),
        state: z.enum(['active', 'verify-only', 'retired']),
        createdAt: z.number().int().nonnegative(),
        jwk: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1),
});

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function newKid(): string {
  return randomBytes(12).toString('base64url');
}

function invalid(message: string): KeySetError {
  return new KeySetError('KEYS.INVALID', message);
}

/** Where a key came from, for error messages: the file (when known) and the key id. */
interface KeyOrigin {
  readonly source?: string;
  readonly kid?: string;
}

function describe(origin: KeyOrigin): string {
  const parts = [origin.source && `in ${origin.source}`, origin.kid && `key ${origin.kid}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * Node's own checks on import differ between versions (24.22 validates that a JWK's x belongs to its d,
 * earlier versions do not), so every import failure becomes KEYS.INVALID here, whatever Node says.
 */
function importPrivateJwk(privateJwk: JWK, origin: KeyOrigin): KeyObject {
  try {
    return createPrivateKey({ key: privateJwk, format: 'jwk' });
  } catch {
    throw invalid(`The signing key cannot be imported: its parts are not a valid Ed25519 key${describe(origin)}.`);
  }
}

function materialFromJwk(use: KeyUse, jwk: unknown, origin: KeyOrigin = {}): Material {
  const where = describe(origin);
  if (use === 'sig') {
    const parsed = sigJwkSchema.safeParse(jwk);
    if (!parsed.success) throw invalid(`A signing key must be an Ed25519 private JWK${where}.`);
    const privateJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: parsed.data.x, d: parsed.data.d };
    const useKey = importPrivateJwk(privateJwk, origin);
    const checkKey = createPublicKey(useKey);
    // A JWK whose x does not belong to its d would publish a key that verifies nothing we sign.
    if (checkKey.export({ format: 'jwk' }).x !== parsed.data.x) {
      throw invalid(`The public part of a signing key does not match its private part${where}.`);
    }
    return { privateJwk, useKey, checkKey };
  }
  const parsed = encJwkSchema.safeParse(jwk);
  if (!parsed.success) throw invalid(`An encryption key must be an oct JWK${where}.`);
  const secret = Buffer.from(parsed.data.k, 'base64url');
  if (secret.length !== ENC_KEY_BYTES) throw invalid(`An encryption key must be 256 bits${where}.`);
  const key = createSecretKey(secret);
  return { privateJwk: { kty: 'oct', k: parsed.data.k }, useKey: key, checkKey: key };
}

function materialFromSigningKey(privateKey: KeyObject): Material {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw invalid('An operator-supplied signing key must be an Ed25519 private key.');
  }
  return materialFromJwk('sig', privateKey.export({ format: 'jwk' }));
}

async function generateMaterial(use: KeyUse): Promise<Material> {
  if (use === 'sig') {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    return materialFromJwk('sig', await exportJWK(privateKey));
  }
  return materialFromJwk('enc', { kty: 'oct', k: randomBytes(ENC_KEY_BYTES).toString('base64url') });
}

export class KeySet {
  private constructor(
    readonly use: KeyUse,
    private readonly entries: Entry[],
  ) {}

  static async generate(opts: { use: KeyUse }): Promise<KeySet> {
    const material = await generateMaterial(opts.use);
    return new KeySet(opts.use, [{ kid: newKid(), state: 'active', createdAt: nowSeconds(), material }]);
  }

  /** A signing key set around one operator-supplied Ed25519 private key. */
  static fromSigningKey(privateKey: KeyObject, opts: { kid: string }): KeySet {
    const material = materialFromSigningKey(privateKey);
    return new KeySet('sig', [{ kid: opts.kid, state: 'active', createdAt: nowSeconds(), material }]);
  }

  /**
   * Restores a key set written by `toJSON()` (or by an operator in the same shape). `source` names the
   * file in error messages.
   */
  static fromJSON(json: unknown, opts: { source?: string } = {}): KeySet {
    const parsed = keySetJsonSchema.safeParse(json);
    if (!parsed.success) throw invalid(`The key set file does not have the expected shape${describe(opts)}.`);
    const { use, keys } = parsed.data;
    const entries = keys.map((k): Entry => {
      const origin = { source: opts.source, kid: k.kid };
      if (k.state !== 'retired' && k.jwk === undefined) throw invalid(`Key has no key material${describe(origin)}.`);
      const material = k.state === 'retired' ? undefined : materialFromJwk(use, k.jwk, origin);
      return { kid: k.kid, state: k.state, createdAt: k.createdAt, material };
    });
    if (new Set(entries.map((e) => e.kid)).size !== entries.length) throw invalid('Key ids must be unique.');
    if (entries.filter((e) => e.state === 'active').length !== 1) {
      throw invalid('A key set needs exactly one active key.');
    }
    return new KeySet(use, entries);
  }

  /** Makes a new key active; the previous active key keeps verifying (verify-only). */
  async rotate(): Promise<void> {
    const material = await generateMaterial(this.use);
    for (const entry of this.entries) {
      if (entry.state === 'active') entry.state = 'verify-only';
    }
    this.entries.push({ kid: newKid(), state: 'active', createdAt: nowSeconds(), material });
  }

  /** Stops accepting tokens made with `kid` and forgets its key material. The active key cannot be retired. */
  retire(kid: string): void {
    const entry = this.entries.find((e) => e.kid === kid);
    if (!entry) throw new KeySetError('KEYS.UNKNOWN_KID', `No key with kid ${kid}.`);
    if (entry.state === 'active')
      throw new KeySetError('KEYS.ACTIVE_KEY', 'Rotate before retiring the active key.');
    entry.state = 'retired';
    entry.material = undefined;
  }

  activeKey(): ActiveKey {
    const entry = this.entries.find((e) => e.state === 'active');
    // The constructors guarantee one active key with material; this only guards against future edits.
    if (!entry?.material) throw invalid('The key set has no active key.');
    return { kid: entry.kid, key: entry.material.useKey };
  }

  /** The key that checks tokens carrying `kid`, or undefined when unknown or retired. */
  keyFor(kid: string): VerificationKey | undefined {
    const entry = this.entries.find((e) => e.kid === kid);
    if (!entry?.material || entry.state === 'retired') return undefined;
    return { kid: entry.kid, state: entry.state, key: entry.material.checkKey };
  }

  list(): KeyInfo[] {
    return this.entries.map(({ kid, state, createdAt }) => ({ kid, state, createdAt }));
  }

  /** The JWKS other services verify against: public parts of the active and verify-only keys. */
  publicJwks(): PublicJwkSet {
    if (this.use !== 'sig')
      throw new KeySetError('KEYS.WRONG_USE', 'Only a signing key set has public keys.');
    const keys: PublicJwk[] = [];
    for (const entry of this.entries) {
      if (!entry.material || entry.state === 'retired') continue;
      const { kty, crv, x } = entry.material.checkKey.export({ format: 'jwk' });
      if (!kty || !crv || !x) throw invalid(`key ${entry.kid} has no public part to publish`);
      keys.push({ kty, crv, x, kid: entry.kid, alg: 'EdDSA', use: 'sig' });
    }
    return { keys };
  }

  /** Full key material, for persistence in a 0600 file only. Never log the result. */
  toJSON(): KeySetJson {
    return {
      version: 1,
      use: this.use,
      keys: this.entries.map((e) => ({
        kid: e.kid,
        state: e.state,
        createdAt: e.createdAt,
        ...(e.material ? { jwk: { ...e.material.privateJwk } } : {}),
      })),
    };
  }

  /** Keeps key material out of console/debug output. */
  [inspect.custom](): string {
    return `KeySet(${this.use}, ${this.entries.map((e) => `${e.kid}:${e.state}`).join(', ')})`;
  }
}
