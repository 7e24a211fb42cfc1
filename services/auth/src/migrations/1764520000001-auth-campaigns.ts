import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropTenantPolicySql, tenantPolicySql } from '@webinar/persistence';
import { AUTH_SCHEMA } from '../auth.constants';

/** Campaign invitations and their mailed sign-up links, both under row-level security by company. */
export class AuthCampaigns1764520000001 implements MigrationInterface {
  name = 'AuthCampaigns1764520000001';

  async up(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(
      `CREATE TABLE "${s}"."campaigns" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "seminar_id" uuid NOT NULL, "label" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signup_cap" integer, "accounts_created" integer NOT NULL DEFAULT '0', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CK_campaigns_accounts_created" CHECK ("accounts_created" >= 0), CONSTRAINT "CK_campaigns_cap" CHECK ("signup_cap" IS NULL OR "signup_cap" > 0), CONSTRAINT "PK_auth_campaigns" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "IX_campaigns_company" ON "${s}"."campaigns" ("company_id")`);
    for (const statement of tenantPolicySql(s, 'campaigns', 'company_id')) await runner.query(statement);

    await runner.query(
      `CREATE TABLE "${s}"."campaign_signups" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "company_id" uuid NOT NULL, "email_cipher" text NOT NULL, "email_kid" text NOT NULL, "email_index" text NOT NULL, "nonce_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "failed_attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_auth_campaign_signups" PRIMARY KEY ("id"))`,
    );
    await runner.query(`CREATE INDEX "IX_campaign_signups_campaign_email" ON "${s}"."campaign_signups" ("campaign_id", "email_index")`);
    for (const statement of tenantPolicySql(s, 'campaign_signups', 'company_id')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    for (const statement of dropTenantPolicySql(s, 'campaign_signups')) await runner.query(statement);
    await runner.query(`DROP TABLE IF EXISTS "${s}"."campaign_signups"`);
    for (const statement of dropTenantPolicySql(s, 'campaigns')) await runner.query(statement);
    await runner.query(`DROP TABLE IF EXISTS "${s}"."campaigns"`);
  }
}
