// The one way polls tells a seminar's room something: a room event enqueued through polls's outbox in
// the caller's transaction, so the event exists if and only if the change that caused it committed.
// The media edge's live channel fans it out to the seminar's viewers. Snapshot events
// (`room.poll.results`, `room.questions`) are not published here directly: see room-snapshots.ts.
import { Injectable } from '@nestjs/common';
import { type EventPayload, Events, type RoomEventName } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import type { EntityManager } from 'typeorm';
import { POLLS_SCHEMA } from '../polls.constants';

/** The room events a feature publishes as they happen (the snapshots go through RoomSnapshots). */
export type RoomMomentEvent = Exclude<RoomEventName, typeof Events.RoomPollResults | typeof Events.RoomQuestions>;

@Injectable()
export class RoomPublisher {
  /** Enqueues the event in `manager`'s transaction (which must be open); validated against its schema. */
  async publish<N extends RoomMomentEvent>(manager: EntityManager, name: N, payload: EventPayload<N>): Promise<void> {
    await enqueue(manager, POLLS_SCHEMA, name, payload);
  }

  /** For RoomSnapshots only: a snapshot built in its revision's transaction. */
  async publishSnapshot<N extends typeof Events.RoomPollResults | typeof Events.RoomQuestions>(
    manager: EntityManager,
    name: N,
    payload: EventPayload<N>,
  ): Promise<void> {
    await enqueue(manager, POLLS_SCHEMA, name, payload);
  }
}
