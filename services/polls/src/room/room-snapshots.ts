// The coalescer of the room's snapshot events. A vote or a question vote only marks its topic dirty
// (`pollChanged`, `questionsChanged`: synchronous, no I/O); every `ROOM_SNAPSHOT_INTERVAL_MS` each
// dirty topic is rebuilt once from the database by the feature's source and published with the next
// revision, so 10,000 votes in a second cost a few `room.poll.results` events, not 10,000. Marks are
// per process: whichever process took the write publishes; the revision (a row per topic, locked while
// the snapshot is built) keeps revisions increasing across processes. A process that dies with marks
// pending loses only those refreshes: the next change of the topic, or `final` on close, catches up.
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Events, type RoomPollResultsPayload, type RoomQuestionsPayload } from '@webinar/contracts';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { RoomPublisher } from './room-publisher';
import { RoomRevisionsStore } from './room-revisions-store';

export interface RoomRef {
  companyId: string;
  seminarId: string;
}

/** What a source returns; the coalescer adds the scope, the revision and the time. */
export type PollResultsView = Omit<RoomPollResultsPayload, 'companyId' | 'seminarId' | 'pollId' | 'revision' | 'at'>;
export type QuestionsView = Omit<RoomQuestionsPayload, 'companyId' | 'seminarId' | 'revision' | 'at'>;

/** The poll feature's builder of a poll's audience results; null: publish nothing (e.g. results hidden). */
export type PollResultsSource = (manager: EntityManager, room: RoomRef, pollId: string) => Promise<PollResultsView | null>;
/** The Q&A feature's builder of the approved queue; null: publish nothing. */
export type QuestionsSource = (manager: EntityManager, room: RoomRef) => Promise<QuestionsView | null>;

export const ROOM_SNAPSHOT_SETTINGS = Symbol('polls:room-snapshot-settings');
export interface RoomSnapshotSettings {
  intervalMs: number;
}

type Topic = { kind: 'poll'; room: RoomRef; pollId: string } | { kind: 'questions'; room: RoomRef };

function topicKey(t: Topic): string {
  return t.kind === 'poll' ? `poll:${t.pollId}` : `questions:${t.room.seminarId}`;
}

@Injectable()
export class RoomSnapshots implements OnModuleInit, OnApplicationShutdown {
  private readonly dirty = new Map<string, Topic>();
  private pollResults: PollResultsSource | undefined;
  private questions: QuestionsSource | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    @Inject(ROOM_SNAPSHOT_SETTINGS) private readonly settings: RoomSnapshotSettings,
    private readonly publisher: RoomPublisher,
    private readonly revisions: RoomRevisionsStore,
  ) {}

  /** Called once by the poll feature. */
  providePollResults(source: PollResultsSource): void {
    this.pollResults = source;
  }

  /** Called once by the Q&A feature. */
  provideQuestions(source: QuestionsSource): void {
    this.questions = source;
  }

  /** The poll's results changed (call after the change committed, or just before: the rebuild reads the database). */
  pollChanged(room: RoomRef, pollId: string): void {
    this.mark({ kind: 'poll', room: { ...room }, pollId });
  }

  /** The seminar's approved question queue changed. */
  questionsChanged(room: RoomRef): void {
    this.mark({ kind: 'questions', room: { ...room } });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Publishes every dirty topic now (the timer calls this; tests and shutdown too). One flush at a time. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.dirty.size === 0) return;
    const topics = [...this.dirty.values()];
    this.dirty.clear();
    this.flushing = this.publishAll(topics).finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private mark(topic: Topic): void {
    this.dirty.set(`${topic.room.companyId}/${topicKey(topic)}`, topic);
  }

  private async publishAll(topics: readonly Topic[]): Promise<void> {
    for (const topic of topics) {
      try {
        await withTenant(this.database.dataSource, { companyId: topic.room.companyId }, (manager) => this.publishOne(manager, topic));
      } catch (error) {
        // Marked again so the next tick retries (e.g. the database was restarting); never lost silently.
        this.mark(topic);
        this.logger.warn({ topic: topicKey(topic), seminarId: topic.room.seminarId, err: error }, 'room snapshot not published; retrying');
      }
    }
  }

  private async publishOne(manager: EntityManager, topic: Topic): Promise<void> {
    const { room } = topic;
    const scope = { companyId: room.companyId, seminarId: room.seminarId };
    if (topic.kind === 'poll') {
      if (!this.pollResults) return;
      // The revision first: its row lock orders concurrent builders, so the later revision reads later state.
      const revision = await this.revisions.next(manager, room.companyId, topicKey(topic));
      const view = await this.pollResults(manager, room, topic.pollId);
      if (view) await this.publisher.publishSnapshot(manager, Events.RoomPollResults, { ...view, ...scope, pollId: topic.pollId, revision, at: new Date().toISOString() });
    } else {
      if (!this.questions) return;
      const revision = await this.revisions.next(manager, room.companyId, topicKey(topic));
      const view = await this.questions(manager, room);
      if (view) await this.publisher.publishSnapshot(manager, Events.RoomQuestions, { ...view, ...scope, revision, at: new Date().toISOString() });
    }
  }
}
