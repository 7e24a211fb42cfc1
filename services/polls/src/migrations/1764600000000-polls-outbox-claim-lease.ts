import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropOutboxClaimLeaseDdl, outboxClaimLeaseDdl } from '@webinar/messaging';
import { POLLS_SCHEMA } from '../polls.constants';

/** The outbox relay's claim lease: it publishes without holding row locks (see OutboxRelay). */
export class PollsOutboxClaimLease1764600000000 implements MigrationInterface {
  name = 'PollsOutboxClaimLease1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of outboxClaimLeaseDdl(POLLS_SCHEMA)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropOutboxClaimLeaseDdl(POLLS_SCHEMA)) await runner.query(statement);
  }
}
