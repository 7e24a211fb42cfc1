// The ingest: RTMPS for presenters, its only listener (the remuxers attach to the live broadcasts in
// this process, see packaging/hls-remuxer.ts; nothing plays over RTMP). The listener is ours, not
// node-media-server's: its listeners share one bind address, exit the process on a port clash and
// have no idle timeout. Every connection goes through the publish guard; node-media-server's HTTP
// server, web admin, API and HTTP/WS publishing are never constructed.
import type { StreamKeyClaims } from '@webinar/contracts';
import type { Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { mediaTlsOptions, type TlsMaterial } from '../tls-profile';
import { LIVE_APP, onPublishEnded } from './broadcasts';
import {
  DEFAULT_MAX_UNAUTHENTICATED,
  DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS,
  UnauthenticatedConnections,
} from './connection-budget';
import { guardRtmpConnection, type PublishRequest, routeMediaServerLogs } from './publish-guard';
import type { RevokedStreamKeys } from './revoked-stream-keys';
import { StreamKeyError, type StreamKeyVerifier, type VerifiedStreamKey } from './stream-key-verifier';
import type { Withdrawal, WithdrawnPresenters } from './withdrawn-presenters';

export interface IngestLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface IngestServerOptions {
  tls: TlsMaterial;
  /** Interface of the RTMPS listener (0.0.0.0 when presenters connect from outside). */
  host: string;
  rtmpsPort: number;
  verifier: StreamKeyVerifier;
  revokedKeys: RevokedStreamKeys;
  /** Presenter grants withdrawn on the bus: a live publisher whose key they cover is cut. */
  withdrawnPresenters?: WithdrawnPresenters;
  logger: IngestLogger;
  /** A connection silent for this long is destroyed (a dead link must not hold the publisher slot). */
  idleTimeoutMs?: number;
  reconnectGraceMs?: number;
  maxHeldBytes?: number;
  /** A connection must have an authorised publish this soon after it opened. */
  publishDeadlineMs?: number;
  /** Concurrent connections not yet authenticated, from one remote address and in total. */
  maxUnauthenticatedPerAddress?: number;
  maxUnauthenticated?: number;
  onStreamStarted?(seminarId: string, claims: StreamKeyClaims): void;
  onStreamEnded?(seminarId: string): void;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 15_000;
export const DEFAULT_RECONNECT_GRACE_MS = 30_000;
const DEFAULT_MAX_HELD_BYTES = 8 * 1024 * 1024;
/** Node's default (120 s) lets a client that never finishes the TLS handshake hold its socket that long. */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export class IngestServer {
  private rtmps?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly publishersByKey = new Map<string, () => void>();
  /** Live publishers and the key each authenticated with. */
  private readonly publishers = new Map<() => void, VerifiedStreamKey>();
  private readonly keysByGrant = new WeakMap<object, VerifiedStreamKey>();
  private unsubscribe: Array<() => void> = [];
  private readonly unauthenticated: UnauthenticatedConnections;

  constructor(private readonly opts: IngestServerOptions) {
    this.unauthenticated = new UnauthenticatedConnections(
      opts.maxUnauthenticatedPerAddress ?? DEFAULT_MAX_UNAUTHENTICATED_PER_ADDRESS,
      opts.maxUnauthenticated ?? DEFAULT_MAX_UNAUTHENTICATED,
    );
  }

  async start(): Promise<void> {
    const { logger } = this.opts;
    routeMediaServerLogs((level, message) =>
      level === 'warn'
        ? logger.warn({ component: 'node-media-server' }, message)
        : logger.error({ component: 'node-media-server' }, message),
    );
    this.rtmps = createTlsServer(
      { ...mediaTlsOptions(this.opts.tls), handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS },
      (socket) => this.accept(socket),
    );
    this.unsubscribe.push(
      onPublishEnded((streamPath) => {
        const seminarId = streamPath.split('/')[2];
        if (seminarId) this.opts.onStreamEnded?.(seminarId);
      }),
      this.opts.revokedKeys.onRevoked((keyId) => this.publishersByKey.get(keyId)?.()),
    );
    if (this.opts.withdrawnPresenters) {
      this.unsubscribe.push(this.opts.withdrawnPresenters.onWithdrawn((withdrawal) => this.cutWithdrawn(withdrawal)));
    }
    await listen(this.rtmps, this.opts.rtmpsPort, this.opts.host);
  }

  get rtmpsAddress(): { address: string; port: number } {
    return addressOf(this.rtmps);
  }

  async stop(): Promise<void> {
    for (const undo of this.unsubscribe) undo();
    this.unsubscribe = [];
    for (const socket of this.sockets) socket.destroy();
    await close(this.rtmps);
  }

  private accept(socket: Socket): void {
    const { logger } = this.opts;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const admission = this.unauthenticated.admit(socket.remoteAddress ?? '');
    if (!admission.admitted) {
      logger.warn({ reason: admission.reason, remote: socket.remoteAddress }, 'rtmp connection refused');
      socket.destroy();
      return;
    }
    socket.once('close', admission.release);
    socket.setTimeout(this.opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () => socket.destroy());
    guardRtmpConnection(socket, {
      // Presenters only publish; viewers are served by the edge, remuxers by the in-process tap.
      allowPlay: false,
      reconnectGraceMs: this.opts.reconnectGraceMs ?? DEFAULT_RECONNECT_GRACE_MS,
      maxHeldBytes: this.opts.maxHeldBytes ?? DEFAULT_MAX_HELD_BYTES,
      ...(this.opts.publishDeadlineMs === undefined ? {} : { publishDeadlineMs: this.opts.publishDeadlineMs }),
      authorize: (request) => this.authorize(request),
      onAuthenticated: admission.release,
      // Never the stream key: a request's name is the part before the query.
      onRefused: (reason, request, detail) =>
        logger.warn({ reason, detail, seminarId: request?.name, remote: socket.remoteAddress }, 'rtmp connection refused'),
      onAccepted: (publisher) => {
        const key = this.keysByGrant.get(publisher.grant);
        this.publishersByKey.set(publisher.grant.keyId, publisher.disconnect);
        if (key) this.publishers.set(publisher.disconnect, key);
        socket.once('close', () => {
          this.publishers.delete(publisher.disconnect);
          if (this.publishersByKey.get(publisher.grant.keyId) === publisher.disconnect) {
            this.publishersByKey.delete(publisher.grant.keyId);
          }
        });
        logger.info({ seminarId: publisher.seminarId, resumed: publisher.resumed }, 'publisher accepted');
        if (!publisher.resumed && key) this.opts.onStreamStarted?.(publisher.seminarId, key.claims);
      },
    });
  }

  private cutWithdrawn(withdrawal: Withdrawal): void {
    const withdrawn = this.opts.withdrawnPresenters;
    if (!withdrawn) return;
    for (const [disconnect, key] of [...this.publishers]) {
      if (!coveredBy(withdrawal, key, withdrawn)) continue;
      this.opts.logger.info({ seminarId: key.claims.sem, presenterId: key.claims.sub }, 'presenter grant withdrawn: publisher disconnected');
      disconnect();
    }
  }

  private async authorize(request: PublishRequest): Promise<{ keyId: string } | undefined> {
    if (request.app !== LIVE_APP) return undefined;
    try {
      const key = await this.opts.verifier.verify(request.name, request.key);
      const grant = { keyId: key.claims.jti };
      this.keysByGrant.set(grant, key);
      return grant;
    } catch (error) {
      if (error instanceof StreamKeyError) {
        this.opts.logger.warn({ seminarId: request.name, code: error.code, detail: error.detail }, 'stream key refused');
        return undefined;
      }
      throw error;
    }
  }
}

/** A live publisher's key is covered when it is that presenter's, for that seminar, issued up to the withdrawal. */
function coveredBy(withdrawal: Withdrawal, key: VerifiedStreamKey, withdrawn: WithdrawnPresenters): boolean {
  return (
    key.claims.sub === withdrawal.userId &&
    key.claims.sem === withdrawal.seminarId &&
    withdrawn.refuses(key.claims.sub, key.claims.sem, key.issuedAt)
  );
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
}

function addressOf(server: Server | undefined): { address: string; port: number } {
  const address = server?.address();
  if (!address || typeof address === 'string') throw new Error('The ingest is not listening.');
  return { address: address.address, port: address.port };
}
