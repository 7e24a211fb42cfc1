// Feeds a service's RevocationSet from auth's revocation events, so a logout or a disabled account
// stops that service accepting the session's access tokens within moments instead of at token
// expiry. The effect is idempotent (a set), so no inbox is needed. Each process needs its own copy of
// every event: the queue name carries the host name, so replicas do not share one queue.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, Optional, type Provider } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import type { MessageBus, Subscription } from '@webinar/messaging';
import { MAX_ACCESS_TOKEN_TTL_SECONDS, RevocationSet } from '@webinar/security';
import { hostname } from 'node:os';
import type { StructuredLogger } from './nest-logger';
import { LOGGER, MESSAGE_BUS } from './platform.module';

const REVOCATION_FEED_QUEUE = Symbol('REVOCATION_FEED_QUEUE');
/** Slack for clock skew between the revoking service and this one. */
const SKEW_SECONDS = 30;

export function revocationFeedQueue(service: string, host: string = hostname()): string {
  const safeHost = host.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100) || 'host';
  return `${service}.revocations.${safeHost}`;
}

@Injectable()
export class RevocationFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(REVOCATION_FEED_QUEUE) private readonly queue: string,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    // Absent only where no guard runs (tools that build a module to read its routes): nothing to feed.
    @Optional() @Inject(RevocationSet) private readonly revocations: RevocationSet | undefined,
  ) {}

  /** Until when a revocation must be remembered: the longest a token issued before it can live. */
  private static until(): number {
    return Math.floor(Date.now() / 1000) + MAX_ACCESS_TOKEN_TTL_SECONDS + SKEW_SECONDS;
  }

  async onApplicationBootstrap(): Promise<void> {
    const revocations = this.revocations;
    if (!revocations) return;
    this.subscriptions.push(
      await this.bus.subscribe({ queue: `${this.queue}.sessions`, events: [Events.SessionRevoked] }, async (message) => {
        revocations.revokeSession(message.payload.sessionId, RevocationFeed.until());
        this.logger.info({ sessionId: message.payload.sessionId }, 'session revocation applied');
      }),
      await this.bus.subscribe({ queue: `${this.queue}.users`, events: [Events.UserRevoked] }, async (message) => {
        revocations.revokeUser(message.payload.userId, RevocationFeed.until());
        this.logger.info({ userId: message.payload.userId }, 'user revocation applied');
      }),
      await this.bus.subscribe({ queue: `${this.queue}.elevations`, events: [Events.ElevationEnded] }, async (message) => {
        revocations.revokeElevation(message.payload.sessionId, RevocationFeed.until());
        this.logger.info({ sessionId: message.payload.sessionId }, 'elevation revocation applied');
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.cancel()));
    this.subscriptions = [];
  }
}

/** Add to a service module's providers; needs SecurityModule (the RevocationSet) and PlatformModule. */
export function revocationFeedProvider(service: string, host?: string): Provider[] {
  return [{ provide: REVOCATION_FEED_QUEUE, useValue: revocationFeedQueue(service, host) }, RevocationFeed];
}
