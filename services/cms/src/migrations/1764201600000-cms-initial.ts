import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxInboxDdl } from '@webinar/messaging';
import { tenantPolicySql } from '@webinar/persistence';
import { CMS_SCHEMA } from '../cms.constants';

/** Companies (tenants, under row-level security keyed on their own id), the outbox and the inbox. */
export class CmsInitial1764201600000 implements MigrationInterface {
  name = 'CmsInitial1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "${CMS_SCHEMA}"."companies" ("id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_companies" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "UQ_companies_name" ON "${CMS_SCHEMA}"."companies" (lower("name"))`);
    for (const statement of tenantPolicySql(CMS_SCHEMA, 'companies', 'id')) await runner.query(statement);
    for (const statement of outboxInboxDdl(CMS_SCHEMA)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "${CMS_SCHEMA}"."inbox"`);
    await runner.query(`DROP TABLE IF EXISTS "${CMS_SCHEMA}"."outbox"`);
    await runner.query(`DROP TABLE IF EXISTS "${CMS_SCHEMA}"."companies"`);
  }
}
