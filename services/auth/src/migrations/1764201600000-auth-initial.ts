import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxInboxDdl } from '@webinar/messaging';
import { AUTH_SCHEMA } from '../auth.constants';

/** The companies auth has learned from cms, the outbox and the inbox. */
export class AuthInitial1764201600000 implements MigrationInterface {
  name = 'AuthInitial1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE "${AUTH_SCHEMA}"."companies" ("id" uuid NOT NULL, "name" text NOT NULL, "learned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_auth_companies" PRIMARY KEY ("id"))`,
    );
    for (const statement of outboxInboxDdl(AUTH_SCHEMA)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "${AUTH_SCHEMA}"."inbox"`);
    await runner.query(`DROP TABLE IF EXISTS "${AUTH_SCHEMA}"."outbox"`);
    await runner.query(`DROP TABLE IF EXISTS "${AUTH_SCHEMA}"."companies"`);
  }
}
