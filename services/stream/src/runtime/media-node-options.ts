// What a media node is built from (docs/media.md, "Scale-out: ingest and edge roles"). The settings
// every role shares, then what only an ingest (RTMPS, origin) or only an edge (upstream) has.
import type { MessageBus } from '@webinar/messaging';
import type { InternalCredential as EdgeCredential } from '@webinar/security';
import type { MediaAuthority } from '../authority/media-authority';
import type { IngestLogger } from '../ingest/ingest-server';
import type { MediaKeys } from '../media-keys';
import type { TlsMaterial } from '../tls-profile';

export interface IngestSettings {
  /** Interface of the RTMPS listener. */
  host: string;
  rtmpsPort: number;
  idleTimeoutMs?: number;
  reconnectGraceMs?: number;
}

/** An ingest's origin endpoint, for edges. */
export interface OriginSettings {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Absent: the origin stays closed (no listener), whatever else is configured. */
  credential: EdgeCredential | undefined;
  /** What edges are told to fetch from; default https://<host>:<port>. */
  publicUrl?: string;
  /** How often live seminars are announced; an edge forgets one after three missed announcements. */
  announceIntervalMs?: number;
}

/** Where an edge fetches from. */
export interface UpstreamSettings {
  credential: EdgeCredential;
  /** The single ingest of a small deployment, used when no announcement names one. */
  staticOriginUrl?: string;
  /** PEM certificate(s) trusted for origins' TLS; default the system's CAs. */
  ca?: Buffer;
  /** About half a segment duration: N viewers polling cost one origin fetch per interval. */
  playlistTtlMs?: number;
  maxSegmentBytes?: number;
}

/** Every role. */
export interface MediaCoreOptions {
  dataDir: string;
  keys: MediaKeys;
  /** Names this node: its bus queue (every node needs every revocation) and its edge id. */
  instanceId?: string;
  logger: IngestLogger;
  bus: MessageBus;
  /**
   * cms and auth (docs/architecture.md, "Revocations survive media restarts"): every publish attempt
   * is asked of cms, and the node serves nobody until their revocation snapshot is loaded. The
   * processes always set it (main.ts, standalone); absent, only the bus's revocations apply.
   */
  authority?: MediaAuthority;
}

/** Roles that serve viewers (`all`, `edge`). */
export interface ViewerOptions {
  /** The web app's origin: the only one CORS lets read media. */
  webOrigin?: string;
  viewerCountIntervalMs?: number;
}

/** Roles with an RTMPS ingest (`all`, `ingest`). */
export interface IngestNodeOptions extends MediaCoreOptions {
  tls: TlsMaterial;
  ingest: IngestSettings;
  /** Serve edges; closed without a credential. */
  origin?: OriginSettings;
  ffmpegPath?: string;
  hlsRoot?: string;
}

export interface EdgeNodeOptions extends MediaCoreOptions, ViewerOptions {
  upstream: UpstreamSettings;
}

export interface AllInOneNodeOptions extends IngestNodeOptions, ViewerOptions {}

/** Everything any role may be given (StreamModule's options): createMediaNode takes what its role uses. */
export interface MediaNodeOptions extends MediaCoreOptions, ViewerOptions {
  tls?: TlsMaterial;
  ingest?: IngestSettings;
  origin?: OriginSettings;
  upstream?: UpstreamSettings;
  ffmpegPath?: string;
  hlsRoot?: string;
}
