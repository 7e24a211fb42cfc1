import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';

/** Rate-limit windows in the database (rate-limit-store.ts), so replicas share them and restarts keep them. */
export class AuthRateLimits1764600000001 implements MigrationInterface {
  name = 'AuthRateLimits1764600000001';

  async up(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(
      `CREATE TABLE "${s}"."rate_limits" ("key" text NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "hits" integer NOT NULL, CONSTRAINT "PK_auth_rate_limits" PRIMARY KEY ("key"))`,
    );
    await runner.query(`CREATE INDEX "IX_rate_limits_window_started" ON "${s}"."rate_limits" ("window_started_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "${AUTH_SCHEMA}"."rate_limits"`);
  }
}
