// The seminar follows its stream: `stream.started.v1` moves a scheduled seminar to live, and
// `stream.ended.v1` moves a live one to ended, through the same state machine as the admin's
// transitions and announcing the same events (cms.seminar.live.v1 / ended.v1, via the outbox).
//
// A presenter who drops and reconnects does not end the seminar: the media tier keeps the broadcast
// through its reconnect grace window (30 s) and publishes `stream.ended` only once that window has
// passed without the presenter, so a reconnect within it produces neither an end nor a second start.
//
// Each message is handled behind the inbox (one effect per message id) inside the company named by
// the event, so row-level security keeps an event from reaching another company's seminar. Anything
// else (a draft seminar, an ended one streaming again, a seminar the admin already moved) is left
// as it is: the stream never overrides the admin.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { byCompany, LOGGER, OnMessage, type StructuredLogger } from '@webinar/http';
import { enqueue, type Envelope } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { canTransition, type SeminarState } from './seminar-state';
import { Seminar } from './seminar.entity';

export const STREAM_LIFECYCLE_CONSUMER = 'cms.stream-lifecycle';

type LifecycleEvent = typeof Events.StreamStarted | typeof Events.StreamEnded;

/** What each stream event asks of the seminar: from which state to which. */
const MOVES: Record<LifecycleEvent, { from: SeminarState; to: SeminarState }> = {
  [Events.StreamStarted]: { from: 'scheduled', to: 'live' },
  [Events.StreamEnded]: { from: 'live', to: 'ended' },
};

@Injectable()
export class StreamLifecycleConsumer {
  constructor(@Inject(LOGGER) private readonly logger: StructuredLogger) {}

  @OnMessage(Events.StreamStarted, { queue: STREAM_LIFECYCLE_CONSUMER, tenant: byCompany })
  @OnMessage(Events.StreamEnded, { queue: STREAM_LIFECYCLE_CONSUMER, tenant: byCompany })
  async follow(message: Envelope<LifecycleEvent>, manager: EntityManager): Promise<void> {
    const { seminarId } = message.payload;
    const move = MOVES[message.name];
    // The row lock serialises this with an admin's transition of the same seminar.
    const seminar = await manager.findOne(Seminar, { where: { id: seminarId }, lock: { mode: 'pessimistic_write' } });
    if (!seminar || seminar.state !== move.from || !canTransition(seminar.state, move.to)) {
      this.logger.info(
        { event: message.name, seminarId, state: seminar?.state ?? '(not found in this company)' },
        'stream event leaves the seminar as it is',
      );
      return;
    }
    seminar.state = move.to;
    const saved = await manager.save(seminar);
    const at = saved.updatedAt.toISOString();
    const ids = { seminarId: saved.id, companyId: saved.companyId };
    if (saved.state === 'live') await enqueue(manager, CMS_SCHEMA, Events.SeminarLive, { ...ids, liveAt: at });
    else await enqueue(manager, CMS_SCHEMA, Events.SeminarEnded, { ...ids, endedAt: at });
    this.logger.info({ seminarId, state: saved.state }, 'seminar state follows its stream');
  }
}
