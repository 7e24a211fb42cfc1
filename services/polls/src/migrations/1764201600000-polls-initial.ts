import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxInboxDdl } from '@webinar/messaging';
import { POLLS_SCHEMA } from '../polls.constants';

/** The outbox and inbox of polls; poll tables come with the polls feature. */
export class PollsInitial1764201600000 implements MigrationInterface {
  name = 'PollsInitial1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of outboxInboxDdl(POLLS_SCHEMA)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "${POLLS_SCHEMA}"."inbox"`);
    await runner.query(`DROP TABLE IF EXISTS "${POLLS_SCHEMA}"."outbox"`);
  }
}
