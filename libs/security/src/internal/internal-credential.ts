// The platform's one HMAC request signer, for calls between our own nodes: an HMAC-SHA256 keyed with
// a secret the operator shares between them, over the caller's name, the time, the method, the path
// with its query and the SHA-256 of the body's canonical JSON. The secret never travels nor gets
// logged, a signature is good for that one request for ±60 s, and verification is a constant-time
// compare. Two uses, each with its own secret file:
// - media tier → cms and auth internal routes (MEDIA_INTERNAL_SECRET_FILE; docs/architecture.md,
//   "Revocations survive media restarts"), the caller being the media node;
// - edge → ingest origin (ORIGIN_SECRET_FILE; docs/media.md), bodiless GETs, the caller being the
//   edge's INSTANCE_ID (one secret for all edges, so it tells edges apart, it proves nothing among them).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const INTERNAL_CALLER_HEADER = 'x-webinar-internal-caller';
export const INTERNAL_TIME_HEADER = 'x-webinar-internal-time';
export const INTERNAL_SIGNATURE_HEADER = 'x-webinar-internal-signature';

/** Clock difference tolerated between the caller and the service. */
export const INTERNAL_MAX_SKEW_SECONDS = 60;
const MIN_SECRET_LENGTH = 32;
const CALLER = /^[A-Za-z0-9._:-]{1,100}$/;

export class InternalCredentialError extends Error {
  override readonly name = 'InternalCredentialError';
}

export class InternalCredential {
  private constructor(private readonly secret: Buffer) {}

  /** The secret file's content, surrounding whitespace removed; at least 32 characters. */
  static fromFile(path: string): InternalCredential {
    return InternalCredential.fromSecret(readFileSync(path, 'utf8'));
  }

  static fromSecret(secret: string): InternalCredential {
    const trimmed = secret.trim();
    if (trimmed.length < MIN_SECRET_LENGTH) {
      throw new InternalCredentialError(`The internal secret must hold at least ${MIN_SECRET_LENGTH} characters.`);
    }
    return new InternalCredential(Buffer.from(trimmed, 'utf8'));
  }

  /** The standalone shape: a random secret created once under DATA_DIR (mode 0600), then reused. */
  static loadOrCreate(path: string): InternalCredential {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    }
    return InternalCredential.fromFile(path);
  }

  /** Headers for one request (`path` with its query string; `body` the parsed JSON sent, if any). */
  sign(caller: string, method: string, path: string, body?: unknown, nowMs = Date.now()): Record<string, string> {
    if (!CALLER.test(caller)) throw new InternalCredentialError('Invalid caller name.');
    const time = String(Math.floor(nowMs / 1000));
    return {
      [INTERNAL_CALLER_HEADER]: caller,
      [INTERNAL_TIME_HEADER]: time,
      [INTERNAL_SIGNATURE_HEADER]: this.mac(caller, time, method, path, body).toString('base64url'),
    };
  }

  /** The caller's name when the headers carry a valid signature for this request, else undefined. */
  verify(
    headers: Record<string, string | string[] | undefined>,
    method: string,
    path: string,
    body?: unknown,
    nowMs = Date.now(),
  ): string | undefined {
    const caller = headers[INTERNAL_CALLER_HEADER];
    const time = headers[INTERNAL_TIME_HEADER];
    const signature = headers[INTERNAL_SIGNATURE_HEADER];
    if (typeof caller !== 'string' || typeof time !== 'string' || typeof signature !== 'string') return undefined;
    if (!CALLER.test(caller) || !/^\d{1,12}$/.test(time) || signature.length > 100) return undefined;
    if (Math.abs(Number(time) - nowMs / 1000) > INTERNAL_MAX_SKEW_SECONDS) return undefined;
    const expected = this.mac(caller, time, method, path, body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return caller;
  }

  private mac(caller: string, time: string, method: string, path: string, body: unknown): Buffer {
    const bodyHash = createHash('sha256').update(body === undefined || body === null ? '' : canonicalJson(body)).digest('hex');
    return createHmac('sha256', this.secret)
      .update(`${caller}\n${time}\n${method.toUpperCase()}\n${path}\n${bodyHash}`)
      .digest();
  }
}

/**
 * JSON with object keys sorted at every level: the caller signs what it sends, the service what it
 * parsed, so both must serialise the same value the same way. No body (undefined or null, as
 * Fastify leaves it) signs as the empty string.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
