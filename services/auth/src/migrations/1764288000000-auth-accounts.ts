import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropTenantPolicySql, tenantPolicySql } from '@webinar/persistence';
import { AUTH_SCHEMA } from '../auth.constants';

/** Accounts (under row-level security by company), login/invitation links and sessions. */
export class AuthAccounts1764288000000 implements MigrationInterface {
  name = 'AuthAccounts1764288000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(
      `CREATE TABLE "${s}"."users" ("id" uuid NOT NULL, "company_id" uuid, "role" text NOT NULL, "status" text NOT NULL, "email_cipher" text NOT NULL, "email_kid" text NOT NULL, "email_index" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_auth_users" PRIMARY KEY ("id"), CONSTRAINT "CK_users_role" CHECK ("role" IN ('root', 'admin', 'prospect', 'customer')), CONSTRAINT "CK_users_status" CHECK ("status" IN ('invited', 'active', 'disabled')), CONSTRAINT "CK_users_company" CHECK (("role" = 'root') = ("company_id" IS NULL)))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "UQ_users_email_index" ON "${s}"."users" ("email_index")`);
    for (const statement of tenantPolicySql(s, 'users', 'company_id')) await runner.query(statement);

    await runner.query(
      `CREATE TABLE "${s}"."links" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "purpose" text NOT NULL, "nonce_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "failed_attempts" integer NOT NULL DEFAULT 0, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_auth_links" PRIMARY KEY ("id"), CONSTRAINT "CK_links_purpose" CHECK ("purpose" IN ('login', 'invitation')))`,
    );
    await runner.query(`CREATE INDEX "IX_links_user_purpose" ON "${s}"."links" ("user_id", "purpose")`);

    await runner.query(
      `CREATE TABLE "${s}"."sessions" ("id" uuid NOT NULL, "token_hash" text NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "idle_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "absolute_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_auth_sessions" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE UNIQUE INDEX "UQ_sessions_token_hash" ON "${s}"."sessions" ("token_hash")`);
    await runner.query(`CREATE INDEX "IX_sessions_user" ON "${s}"."sessions" ("user_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(`DROP TABLE IF EXISTS "${s}"."sessions"`);
    await runner.query(`DROP TABLE IF EXISTS "${s}"."links"`);
    for (const statement of dropTenantPolicySql(s, 'users')) await runner.query(statement);
    await runner.query(`DROP TABLE IF EXISTS "${s}"."users"`);
  }
}
