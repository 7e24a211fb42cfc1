import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropOutboxClaimLeaseDdl, outboxClaimLeaseDdl } from '@webinar/messaging';
import { CMS_SCHEMA } from '../cms.constants';

/** The outbox relay's claim lease: it publishes without holding row locks (see OutboxRelay). */
export class CmsOutboxClaimLease1764600000000 implements MigrationInterface {
  name = 'CmsOutboxClaimLease1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of outboxClaimLeaseDdl(CMS_SCHEMA)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropOutboxClaimLeaseDdl(CMS_SCHEMA)) await runner.query(statement);
  }
}
