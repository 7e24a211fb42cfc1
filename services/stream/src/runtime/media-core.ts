// What every media node has, whatever its role: the revocations the bus and the snapshot feed, the gate
// that keeps the node closed until the snapshot is loaded, the journal every published event goes
// through, the node-feed subscription and the node's timers. The compositions (ingest-node.ts,
// edge-node.ts, all-in-one-node.ts) add what their role has, and order start and stop around it.
import type { EventName, EventPayload } from '@webinar/contracts';
import { JournalOutbox, type Subscription } from '@webinar/messaging';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { OriginDirectory } from '../edge/origin-directory';
import { PlaybackRevocations } from '../edge/playback-revocations';
import { RevokedStreamKeys } from '../ingest/revoked-stream-keys';
import { WithdrawnPresenters } from '../ingest/withdrawn-presenters';
import { applyNodeEvent, applySnapshots, nodeFeedEvents } from '../node-feed';
import { RevocationGate } from '../revocation-gate';
import type { MediaCoreOptions } from './media-node-options';

/** How long a stopping node waits for the broker to confirm its last events. */
const STOP_FLUSH_MS = 5_000;

/** What an edge also takes from the node feed: where seminars are served, and when they end. */
export interface EdgeFeed {
  directory: OriginDirectory;
  onStreamEnded(seminarId: string): void;
}

export class MediaCore {
  /** This node's name on the bus and towards origins. */
  readonly instanceId: string;
  readonly revocations = new PlaybackRevocations();
  readonly revokedKeys = new RevokedStreamKeys();
  readonly withdrawnPresenters = new WithdrawnPresenters();
  /** Closed until the revocation snapshot is loaded (when an authority is configured). */
  readonly gate: RevocationGate;
  /** Every event this node publishes goes through it, so a broker outage loses none (docs/architecture.md). */
  private readonly journal: JournalOutbox;
  private subscription?: Subscription;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly opts: MediaCoreOptions) {
    this.instanceId = (opts.instanceId ?? hostname()).replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 100) || 'node';
    this.journal = JournalOutbox.open({ dir: join(opts.dataDir, 'outbox'), bus: opts.bus, logger: opts.logger });
    this.gate = new RevocationGate({
      ...(opts.authority ? { authority: opts.authority } : {}),
      apply: (snapshots) => {
        // What a snapshot applies to: the same sets the bus feeds.
        const invalid = applySnapshots(snapshots, {
          revocations: this.revocations,
          revokedKeys: this.revokedKeys,
          withdrawnPresenters: this.withdrawnPresenters,
        });
        if (invalid > 0) opts.logger.warn({ invalid }, 'revocation snapshot entries refused as invalid');
      },
      logger: opts.logger,
    });
  }

  get logger(): MediaCoreOptions['logger'] {
    return this.opts.logger;
  }

  /**
   * Subscribed first, so nothing announced while the snapshot loads is missed; until it has loaded
   * (retried in the background) viewers get 503 and publishes are refused.
   */
  async open(edge?: EdgeFeed): Promise<void> {
    this.subscription = await this.opts.bus.subscribe(
      { queue: `stream.revocations.${this.instanceId}`, events: nodeFeedEvents(edge !== undefined) },
      async (message) =>
        applyNodeEvent(message, {
          revocations: this.revocations,
          revokedKeys: this.revokedKeys,
          withdrawnPresenters: this.withdrawnPresenters,
          ...(edge ? { directory: edge.directory, onStreamEnded: (seminarId: string) => edge.onStreamEnded(seminarId) } : {}),
        }),
    );
    await this.gate.start();
  }

  /** Stops the timers, the gate and the node feed: nothing new arrives from here on. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.gate.stop();
    await this.subscription?.cancel();
  }

  /** Last: waits a little for the broker to confirm what is journalled, then closes the journal. */
  async closeJournal(): Promise<void> {
    if (!(await this.journal.flush(STOP_FLUSH_MS))) {
      this.opts.logger.warn({ pending: this.journal.pendingCount }, 'events still unpublished at stop stay in the journal for the next start');
    }
    await this.journal.close();
  }

  /** A timer of this node, cleared by close(). */
  every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }

  publish<N extends EventName>(name: N, payload: EventPayload<N>): void {
    try {
      this.journal.enqueue(name, payload);
    } catch (error) {
      // An invalid payload (our bug) or a journal that cannot be written (a full or broken volume).
      this.opts.logger.error({ event: name, error: error instanceof Error ? error.message : String(error) }, 'could not journal a stream event');
    }
  }
}
