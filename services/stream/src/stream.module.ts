import {
  type DynamicModule,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LOGGER, MESSAGE_BUS, type StructuredLogger } from '@webinar/http';
import { ReadinessRegistry } from '@webinar/observability';
import type { MessageBus } from '@webinar/messaging';
import { loadOrCreateKeySet } from '@webinar/security';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Server as TlsServer } from 'node:tls';
import { EdgeController } from './edge/edge.controller';
import { registerMediaRoute } from './edge/media-route';
import type { MediaAuthority } from './authority/media-authority';
import type { MediaKeys } from './media-keys';
import { createMediaNode, type MediaNode } from './runtime/create-media-node';
import type { IngestSettings, OriginSettings, UpstreamSettings } from './runtime/media-node-options';
import type { StreamRole } from './stream.constants';
import { mediaTlsOptions, type TlsMaterial } from './tls-profile';

export interface StreamModuleOptions {
  /** `all` (default: ingest and edge in one process), `ingest` (no viewer routes) or `edge` (no RTMPS). */
  role?: StreamRole;
  dataDir: string;
  /**
   * Verifies cms's stream keys and playback tokens: cms's JWKS (`PLAYBACK_JWKS_URL`) in production,
   * a KeySet in tests; default `<dataDir>/keys/media.json`, the file cms signs with in standalone.
   */
  mediaKeys?: MediaKeys;
  /** The media host's certificate: RTMPS, and the edge's HTTPS is held to the same AEAD-only profile. */
  tls?: TlsMaterial;
  /** RTMPS ingest on this node (needs `tls`); absent for an edge-only node. */
  ingest?: IngestSettings;
  /** An ingest's origin endpoint for edges (needs `tls`); closed without a credential. */
  origin?: OriginSettings;
  /** An edge's origin credential and where to find origins. */
  upstream?: UpstreamSettings;
  /** The web app's origin: the only one CORS lets read media. */
  webOrigin?: string;
  ffmpegPath?: string;
  hlsRoot?: string;
  instanceId?: string;
  viewerCountIntervalMs?: number;
  /**
   * cms and auth: publish authorisation and the revocation snapshot (docs/architecture.md,
   * "Revocations survive media restarts"). Both shapes set it; absent, only the bus's revocations apply.
   */
  authority?: MediaAuthority;
}

/** The node's composition for its role (runtime/create-media-node.ts): `app.get(MEDIA_NODE)`. */
export const MEDIA_NODE = Symbol('MEDIA_NODE');

/** Marks that the revocation gate is among the readiness checks. */
class RevocationReadiness {}

/** Marks that the viewers' media route is on this app's Fastify instance (roles `all` and `edge`). */
class MediaRoute {}

class MediaLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runtime: MediaNode,
    private readonly adapterHost: HttpAdapterHost,
    private readonly tls: TlsMaterial | undefined,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // createHttpApp only sets TLS 1.2 as the floor; the media host also refuses non-AEAD ciphers.
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Partial<TlsServer> | undefined;
    if (this.tls && typeof server?.setSecureContext === 'function') server.setSecureContext(mediaTlsOptions(this.tls));
    await this.runtime.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}

/**
 * The media tier: RTMPS ingest with stream-key auth (node-media-server behind the publish guard),
 * HLS packaging by one supervised ffmpeg per live stream, and the authorised playback edge.
 */
@Module({})
export class StreamModule {
  static register(opts: StreamModuleOptions): DynamicModule {
    return {
      module: StreamModule,
      // An ingest node has no viewer routes: viewers reach it only through edges.
      controllers: opts.role === 'ingest' ? [] : [EdgeController],
      providers: [
        {
          provide: MEDIA_NODE,
          useFactory: async (logger: StructuredLogger, bus: MessageBus): Promise<MediaNode> =>
            createMediaNode(opts.role ?? 'all', {
              ...opts,
              keys:
                opts.mediaKeys ?? (await loadOrCreateKeySet({ dir: join(opts.dataDir, 'keys'), name: 'media', use: 'sig' })),
              logger,
              bus,
            }),
          inject: [LOGGER, MESSAGE_BUS],
        },
        {
          // Runs while the app is created, before it listens (docs in edge/media-route.ts).
          provide: MediaRoute,
          useFactory: (adapterHost: HttpAdapterHost, runtime: MediaNode, logger: StructuredLogger) => {
            const instance: unknown = adapterHost.httpAdapter?.getInstance();
            if (instance && runtime.role !== 'ingest') registerMediaRoute(instance as FastifyInstance, runtime.audience, logger);
            return new MediaRoute();
          },
          inject: [HttpAdapterHost, MEDIA_NODE, LOGGER],
        },
        {
          // /health/ready says "not ready" while the node refuses everyone (snapshot not loaded), so
          // a load balancer sends nobody to it; optional: an app without the health module has none.
          provide: RevocationReadiness,
          useFactory: (runtime: MediaNode, registry: ReadinessRegistry | null) => {
            registry?.register({
              name: 'revocations',
              check: async () => {
                if (!runtime.gate.ready) throw new Error('revocation snapshot not loaded');
              },
            });
            return new RevocationReadiness();
          },
          inject: [MEDIA_NODE, { token: ReadinessRegistry, optional: true }],
        },
        {
          provide: MediaLifecycle,
          useFactory: (runtime: MediaNode, adapterHost: HttpAdapterHost) =>
            new MediaLifecycle(runtime, adapterHost, opts.tls),
          inject: [MEDIA_NODE, HttpAdapterHost],
        },
      ],
      exports: [MEDIA_NODE],
    };
  }
}

