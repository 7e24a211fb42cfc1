// What a stream node asks the web tier (docs/architecture.md, "Revocations survive media restarts"):
// cms, once per publish attempt, whether a stream key may publish; cms and auth, at start, the
// revocations of the window that still matters. Over HTTP(S) signed with the internal credential
// (MEDIA_INTERNAL_SECRET_FILE); every answer is validated against the contract before it is used.
import {
  INTERNAL_PATHS,
  type PublishAuthorization,
  type PublishAuthorizationRequest,
  publishAuthorizationSchema,
  type RevocationSnapshot,
  revocationSnapshotSchema,
} from '@webinar/contracts';
import type { InternalCredential } from '@webinar/security';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface MediaAuthority {
  /** Resolves cms's answer; rejects when cms cannot be asked (the caller refuses the publish). */
  authorizePublish(request: PublishAuthorizationRequest): Promise<PublishAuthorization>;
  /** Every source's snapshot; rejects when any source cannot be read (the node keeps refusing). */
  loadSnapshots(): Promise<RevocationSnapshot[]>;
}

export interface HttpMediaAuthorityOptions {
  credential: InternalCredential;
  /** This node's name in the signature (its INSTANCE_ID). */
  caller: string;
  /** cms's base URL (scheme, host, port). */
  cmsUrl: string;
  /** auth's base URL; absent on an ingest-only node (it serves no viewers). */
  authUrl?: string;
  /** PEM certificate(s) to trust for https; default the system's CAs. */
  ca?: Buffer | string;
  /** Loopback in the standalone shape: the pinned certificate is checked, not the host name. */
  skipHostnameCheck?: boolean;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3_000;
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export class MediaAuthorityError extends Error {
  override readonly name = 'MediaAuthorityError';
}

export class HttpMediaAuthority implements MediaAuthority {
  constructor(private readonly opts: HttpMediaAuthorityOptions) {}

  async authorizePublish(request: PublishAuthorizationRequest): Promise<PublishAuthorization> {
    const answer = await this.call(this.opts.cmsUrl, 'POST', INTERNAL_PATHS.authorizePublish, request);
    const parsed = publishAuthorizationSchema.safeParse(answer);
    if (!parsed.success) throw new MediaAuthorityError('cms answered the publish authorisation with an unexpected body');
    return parsed.data;
  }

  async loadSnapshots(): Promise<RevocationSnapshot[]> {
    const sources: Array<[string, string]> = [[this.opts.cmsUrl, INTERNAL_PATHS.cmsRevocations]];
    if (this.opts.authUrl) sources.push([this.opts.authUrl, INTERNAL_PATHS.authRevocations]);
    return Promise.all(
      sources.map(async ([base, path]) => {
        const parsed = revocationSnapshotSchema.safeParse(await this.call(base, 'GET', path));
        if (!parsed.success) throw new MediaAuthorityError(`${path} answered with an unexpected body`);
        return parsed.data;
      }),
    );
  }

  private call(base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.opts.credential.sign(this.opts.caller, method, url.pathname + url.search, body),
      ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
    };
    const https = url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          headers,
          timeout: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          ...(https && this.opts.ca ? { ca: this.opts.ca } : {}),
          ...(https && this.opts.skipHostnameCheck ? { checkServerIdentity: () => undefined } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) req.destroy(new MediaAuthorityError(`${path}: answer too large`));
            else chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new MediaAuthorityError(`${path} answered ${res.statusCode ?? 0}`));
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
            } catch {
              reject(new MediaAuthorityError(`${path} answered with invalid JSON`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new MediaAuthorityError(`${path}: no answer within the timeout`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}
