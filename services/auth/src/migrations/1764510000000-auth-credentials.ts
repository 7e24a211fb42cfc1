import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropTenantPolicySql, tenantPolicySql } from '@webinar/persistence';
import { AUTH_SCHEMA } from '../auth.constants';

/**
 * Passwords and TOTP (per user, under row-level security by company like users), recovery codes
 * (same), and the per-address login backoff (keyed by e-mail blind index, not tenant data).
 */
export class AuthCredentials1764510000000 implements MigrationInterface {
  name = 'AuthCredentials1764510000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(
      `CREATE TABLE "${s}"."credentials" ("user_id" uuid NOT NULL, "company_id" uuid, "password_hash" text, "password_changed_at" TIMESTAMP WITH TIME ZONE, "totp_cipher" text, "totp_kid" text, "totp_enrolled_at" TIMESTAMP WITH TIME ZONE, "totp_last_step" integer, "totp_pending_cipher" text, "totp_pending_kid" text, "totp_pending_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_auth_credentials" PRIMARY KEY ("user_id"))`,
    );
    for (const statement of tenantPolicySql(s, 'credentials', 'company_id')) await runner.query(statement);

    await runner.query(
      `CREATE TABLE "${s}"."recovery_codes" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "company_id" uuid, "code_hash" text NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_auth_recovery_codes" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "UQ_recovery_codes_user_hash" ON "${s}"."recovery_codes" ("user_id", "code_hash")`);
    for (const statement of tenantPolicySql(s, 'recovery_codes', 'company_id')) await runner.query(statement);

    await runner.query(
      `CREATE TABLE "${s}"."login_backoff" ("email_index" text NOT NULL, "failures" integer NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_auth_login_backoff" PRIMARY KEY ("email_index"))`,
    );
    await runner.query(`CREATE INDEX "IX_login_backoff_last_failure" ON "${s}"."login_backoff" ("last_failure_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(`DROP TABLE IF EXISTS "${s}"."login_backoff"`);
    for (const statement of dropTenantPolicySql(s, 'recovery_codes')) await runner.query(statement);
    await runner.query(`DROP TABLE IF EXISTS "${s}"."recovery_codes"`);
    for (const statement of dropTenantPolicySql(s, 'credentials')) await runner.query(statement);
    await runner.query(`DROP TABLE IF EXISTS "${s}"."credentials"`);
  }
}
