import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropOutboxClaimLeaseDdl, outboxClaimLeaseDdl } from '@webinar/messaging';
import { AUTH_SCHEMA } from '../auth.constants';

/** The outbox relay's claim lease: it publishes without holding row locks (see OutboxRelay). */
export class AuthOutboxClaimLease1764600000000 implements MigrationInterface {
  name = 'AuthOutboxClaimLease1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of outboxClaimLeaseDdl(AUTH_SCHEMA)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropOutboxClaimLeaseDdl(AUTH_SCHEMA)) await runner.query(statement);
  }
}
