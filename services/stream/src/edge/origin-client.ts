// An edge's requests to the ingest node that carries a seminar: playlists and segments (the HLS
// store's source, which collapses and caches them) and the one FLV connection per seminar that the
// fan-out shares. HTTPS with certificate verification (the operator's CA when given) over kept-alive
// connections; every request is signed with the origin credential.
import { AppError } from '@webinar/http';
import type { IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import { ORIGIN_PATH_PREFIX } from '../origin-paths';
import type { InternalCredential } from '@webinar/security';
import type { HlsSource } from '../serving/hls-source';
import type { OriginDirectory } from './origin-directory';

export interface OriginClientOptions {
  edgeId: string;
  credential: InternalCredential;
  directory: OriginDirectory;
  /** PEM certificate(s) to trust for origins; default the system's CAs. */
  ca?: Buffer;
  timeoutMs?: number;
}

/** Far above a 1 s segment of any sane bitrate: a bigger answer is not a segment. */
const MAX_OBJECT_BYTES = 32 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 5_000;

const unavailable = (): AppError =>
  new AppError('PLAYBACK.ORIGIN_UNAVAILABLE', 502, 'The stream is temporarily unavailable; try again shortly.');

export class OriginClient implements HlsSource {
  private readonly agent: Agent;

  constructor(private readonly opts: OriginClientOptions) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 64, ...(opts.ca ? { ca: opts.ca } : {}) });
  }

  /** The object's bytes, undefined when the origin has no such object or no origin carries the seminar. */
  read(seminarId: string, name: string): Promise<Buffer | undefined> {
    return this.get(seminarId, name).then(
      (response) =>
        new Promise<Buffer | undefined>((resolve, reject) => {
          if (!response) return resolve(undefined);
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_OBJECT_BYTES) return void response.destroy(unavailable());
            chunks.push(chunk);
          });
          response.once('end', () => resolve(Buffer.concat(chunks)));
          response.once('error', () => reject(unavailable()));
          response.once('close', () => {
            if (!response.complete) reject(unavailable());
          });
        }),
    );
  }

  /** The seminar's live FLV from its origin (a stream that never ends), undefined when it is not live. */
  openFlv(seminarId: string): Promise<IncomingMessage | undefined> {
    return this.get(seminarId, 'stream.flv', { live: true });
  }

  close(): void {
    this.agent.destroy();
  }

  private get(seminarId: string, name: string, opts: { live?: boolean } = {}): Promise<IncomingMessage | undefined> {
    const origin = this.opts.directory.originOf(seminarId);
    if (!origin) return Promise.resolve(undefined);
    const path = `${ORIGIN_PATH_PREFIX}/${seminarId}/${name}`;
    const url = new URL(path, new URL(origin.originUrl).origin);
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method: 'GET',
        agent: this.agent,
        headers: this.opts.credential.sign(this.opts.edgeId, 'GET', path),
      });
      // A live FLV response is open for as long as the stream: the timeout covers the response head only.
      req.setTimeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => req.destroy(unavailable()));
      req.once('error', () => reject(unavailable()));
      req.once('response', (response) => {
        if (opts.live) req.setTimeout(0);
        if (response.statusCode === 200) return resolve(response);
        response.resume();
        if (response.statusCode === 404) return resolve(undefined);
        reject(unavailable());
      });
      req.end();
    });
  }
}
