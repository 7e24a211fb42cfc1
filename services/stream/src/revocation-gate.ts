// Fail closed until this node knows what was revoked before it started (docs/architecture.md,
// "Revocations survive media restarts"). The bus feed is subscribed first; then the gate loads the
// snapshots (cms and auth replay what they announced within the windows that still matter) and
// applies them with the instants they carry. Until that succeeded, playback answers 503
// `SERVICE.UNAVAILABLE` and publishes are refused `STREAM_KEY.UNVERIFIABLE`; a failed
// load is retried with backoff (1 s doubling to 15 s). Messages arriving meanwhile apply as usual,
// so nothing between the subscription and the snapshot is missed (every effect is idempotent).
import type { PublishAuthorization, PublishAuthorizationRequest, RevocationSnapshot } from '@webinar/contracts';
import { backoffDelay } from '@webinar/messaging';
import type { MediaAuthority } from './authority/media-authority';
import type { IngestLogger } from './ingest/ingest-server';

export interface RevocationGateOptions {
  /** Absent: no authority is configured (a library user's choice, e.g. tests): nothing to wait for. */
  authority?: MediaAuthority;
  apply(snapshots: RevocationSnapshot[]): void;
  logger: IngestLogger;
  initialRetryMs?: number;
  maxRetryMs?: number;
}

export class RevocationGate {
  private loaded: boolean;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private attempts = 0;

  constructor(private readonly opts: RevocationGateOptions) {
    this.loaded = opts.authority === undefined;
  }

  /** Whether this node may serve viewers and accept publishes. */
  get ready(): boolean {
    return this.loaded;
  }

  /** Whether publishes are also asked of cms (an authority is configured). */
  get asksAuthority(): boolean {
    return this.opts.authority !== undefined;
  }

  /** The first attempt, awaited; later ones run in the background until one succeeds. */
  async start(): Promise<void> {
    if (this.loaded) return;
    await this.attempt();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  authorizePublish(request: PublishAuthorizationRequest): Promise<PublishAuthorization> {
    if (!this.opts.authority) return Promise.resolve({ allowed: true });
    return this.opts.authority.authorizePublish(request);
  }

  private async attempt(): Promise<void> {
    const authority = this.opts.authority;
    if (!authority || this.stopped) return;
    this.attempts += 1;
    try {
      const snapshots = await authority.loadSnapshots();
      if (this.stopped) return;
      this.opts.apply(snapshots);
      this.loaded = true;
      const events = snapshots.reduce((n, s) => n + s.events.length, 0);
      this.opts.logger.info({ events, attempts: this.attempts }, 'revocation snapshot loaded: serving');
    } catch (error) {
      const delay = backoffDelay(
        { initialMs: this.opts.initialRetryMs ?? 1_000, maxMs: this.opts.maxRetryMs ?? 15_000, jitter: 0 },
        this.attempts - 1,
      );
      this.opts.logger.warn(
        { attempts: this.attempts, retryInMs: delay, error: error instanceof Error ? error.message : String(error) },
        'revocation snapshot unavailable: refusing viewers and publishers until it loads',
      );
      this.timer = setTimeout(() => void this.attempt(), delay);
      this.timer.unref();
    }
  }
}
