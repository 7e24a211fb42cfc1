// The ingest's origin endpoint: serves the playlists, segments and live FLV of the seminars this node
// carries to edges only. Its own HTTPS listener (ORIGIN_HOST:ORIGIN_PORT, meant for the internal
// network) with the media TLS profile, and every request must carry a valid edge signature (see
// edge-credential.ts): there is no unauthenticated path, and without a configured secret the
// listener is never opened. Playlists and segments come from this node's in-memory HLS store, so
// several edges asking for one object cost one file read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { PLAYLIST_NAME, SEGMENT_PATTERN } from '../packaging/hls-remuxer';
import type { FlvSource, FlvTap } from '../serving/flv-source';
import type { HlsStore } from '../serving/hls-store';
import { mediaTlsOptions, type TlsMaterial } from '../tls-profile';
import { isUuid } from '@webinar/contracts';
import type { InternalCredential } from '@webinar/security';
import { ORIGIN_PATH_PREFIX, ORIGIN_STATS_PATH } from '../origin-paths';
import { OriginStats } from './origin-stats';

export interface OriginLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OriginServerOptions {
  tls: TlsMaterial;
  host: string;
  port: number;
  credential: InternalCredential;
  store: HlsStore;
  flv: FlvSource;
  logger: OriginLogger;
}

/** `/origin/<seminar id>/<file>`; the id is then checked with the platform's UUID check. */
const OBJECT_PATH = new RegExp(`^${ORIGIN_PATH_PREFIX}/([0-9A-Fa-f-]{36})/([A-Za-z0-9_.]{1,40})$`);
const FLV_FILE = 'stream.flv';
/** An edge this far behind on a live FLV connection is cut (it reconnects and starts at a keyframe). */
const MAX_FLV_BUFFERED_BYTES = 8 * 1024 * 1024;

export class OriginServer {
  readonly stats = new OriginStats();
  private server?: Server;

  constructor(private readonly opts: OriginServerOptions) {}

  async start(): Promise<void> {
    const server = createServer(mediaTlsOptions(this.opts.tls), (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.opts.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'origin request failed');
        if (!res.headersSent) answer(res, 500, 'ORIGIN.FAILED');
        else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  get address(): { address: string; port: number } {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('The origin is not listening.');
    return { address: address.address, port: address.port };
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server?.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Live FLV responses never end by themselves.
    server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    // Authentication comes first: an unauthenticated caller learns nothing, not even which paths exist.
    const edgeId = this.opts.credential.verify(req.headers, req.method ?? '', path);
    if (!edgeId) return answer(res, 401, 'ORIGIN.UNAUTHENTICATED');
    if (req.method !== 'GET') return answer(res, 405, 'ORIGIN.METHOD_NOT_ALLOWED');
    if (path === ORIGIN_STATS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(JSON.stringify(this.stats.snapshot()));
    }
    const match = OBJECT_PATH.exec(path);
    const seminarId = match?.[1];
    const file = match?.[2];
    if (!seminarId || !file || !isUuid(seminarId)) return answer(res, 404, 'ORIGIN.NOT_FOUND');
    this.stats.count(edgeId, `${seminarId}/${file}`);
    if (file === FLV_FILE) return this.serveFlv(seminarId, res);
    const body =
      file === PLAYLIST_NAME
        ? await this.opts.store.playlist(seminarId)
        : SEGMENT_PATTERN.test(file)
          ? await this.opts.store.segment(seminarId, file)
          : undefined;
    if (!body) return answer(res, 404, 'ORIGIN.NOT_FOUND');
    res.writeHead(200, {
      'content-type': file === PLAYLIST_NAME ? 'application/vnd.apple.mpegurl' : 'video/mp2t',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  private async serveFlv(seminarId: string, res: ServerResponse): Promise<void> {
    let ended = false;
    let early: Buffer[] | undefined = [];
    const held: { tap?: FlvTap } = {};
    const cut = (): void => {
      if (ended) return;
      ended = true;
      held.tap?.detach();
      res.end();
    };
    res.once('close', cut);
    const tap = await this.opts.flv.tap(seminarId, {
      write: (chunk) => {
        if (ended) return;
        if (early) return void early.push(chunk);
        if (res.writableLength > MAX_FLV_BUFFERED_BYTES) return cut();
        res.write(chunk);
      },
      end: () => cut(),
    });
    if (ended) return tap?.detach();
    if (!tap) return answer(res, 404, 'ORIGIN.NOT_LIVE');
    held.tap = tap;
    res.writeHead(200, { 'content-type': 'video/x-flv', 'cache-control': 'no-store' });
    for (const chunk of early) res.write(chunk);
    early = undefined;
  }
}

function answer(res: ServerResponse, status: number, code: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ code }));
}
