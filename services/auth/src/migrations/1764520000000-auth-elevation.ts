import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';

/**
 * Root elevations. Platform data (root belongs to no company), so no row-level security, like links
 * and sessions; only auth's own system transactions touch it.
 */
export class AuthElevation1764520000000 implements MigrationInterface {
  name = 'AuthElevation1764520000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(
      `CREATE TABLE "${s}"."elevations" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "session_id" uuid NOT NULL, "reason" text NOT NULL, "duration_seconds" integer NOT NULL, "status" text NOT NULL, "break_glass" boolean NOT NULL DEFAULT false, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decide_by" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CK_elevations_duration" CHECK ("duration_seconds" > 0), CONSTRAINT "CK_elevations_status" CHECK ("status" IN ('pending', 'approved', 'denied', 'ended', 'expired', 'lapsed')), CONSTRAINT "PK_auth_elevations" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "IX_elevations_status" ON "${s}"."elevations" ("status")`);
    await runner.query(`CREATE INDEX "IX_elevations_user" ON "${s}"."elevations" ("user_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "${AUTH_SCHEMA}"."elevations"`);
  }
}
