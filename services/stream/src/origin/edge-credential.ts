// How an edge proves to an ingest's origin endpoint that it is one of ours: an HMAC-SHA256, keyed with
// the operator's shared secret, over the edge id, the time, the method and the path. The secret itself
// never travels, a signature is only good for that one object for ±60 s, and verification is a
// constant-time compare. Every edge holds the same secret, so the edge id tells edges apart for
// counting and logs; it is not a proof against another edge.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const EDGE_ID_HEADER = 'x-webinar-edge';
export const EDGE_TIME_HEADER = 'x-webinar-edge-time';
export const EDGE_SIGNATURE_HEADER = 'x-webinar-edge-signature';

/** Clock difference tolerated between an edge and the ingest. */
const MAX_SKEW_SECONDS = 60;
const MIN_SECRET_LENGTH = 32;
const EDGE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export class EdgeCredentialError extends Error {
  override readonly name = 'EdgeCredentialError';
}

export class EdgeCredential {
  private constructor(private readonly secret: Buffer) {}

  /** The secret file's content, surrounding whitespace removed; at least 32 characters. */
  static fromFile(path: string): EdgeCredential {
    return EdgeCredential.fromSecret(readFileSync(path, 'utf8'));
  }

  static fromSecret(secret: string): EdgeCredential {
    const trimmed = secret.trim();
    if (trimmed.length < MIN_SECRET_LENGTH) {
      throw new EdgeCredentialError(`The origin secret must hold at least ${MIN_SECRET_LENGTH} characters.`);
    }
    return new EdgeCredential(Buffer.from(trimmed, 'utf8'));
  }

  /** Headers for one request of `edgeId` (the method and path are covered by the signature). */
  sign(edgeId: string, method: string, path: string, nowMs = Date.now()): Record<string, string> {
    if (!EDGE_ID.test(edgeId)) throw new EdgeCredentialError('Invalid edge id.');
    const time = String(Math.floor(nowMs / 1000));
    return {
      [EDGE_ID_HEADER]: edgeId,
      [EDGE_TIME_HEADER]: time,
      [EDGE_SIGNATURE_HEADER]: this.mac(edgeId, time, method, path).toString('base64url'),
    };
  }

  /** The edge id when the headers carry a valid signature for this request, else undefined. */
  verify(
    headers: Record<string, string | string[] | undefined>,
    method: string,
    path: string,
    nowMs = Date.now(),
  ): string | undefined {
    const edgeId = headers[EDGE_ID_HEADER];
    const time = headers[EDGE_TIME_HEADER];
    const signature = headers[EDGE_SIGNATURE_HEADER];
    if (typeof edgeId !== 'string' || typeof time !== 'string' || typeof signature !== 'string') return undefined;
    if (!EDGE_ID.test(edgeId) || !/^\d{1,12}$/.test(time)) return undefined;
    if (Math.abs(Number(time) - nowMs / 1000) > MAX_SKEW_SECONDS) return undefined;
    const expected = this.mac(edgeId, time, method, path);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return edgeId;
  }

  private mac(edgeId: string, time: string, method: string, path: string): Buffer {
    return createHmac('sha256', this.secret).update(`${edgeId}\n${time}\n${method.toUpperCase()}\n${path}`).digest();
  }
}
