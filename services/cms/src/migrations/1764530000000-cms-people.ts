import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropTenantPolicySql, tenantPolicySql } from '@webinar/persistence';
import { CMS_SCHEMA } from '../cms.constants';

const S = `"${CMS_SCHEMA}"`;
const TABLES = ['people', 'person_keys', 'privacy_exports', 'privacy_export_parts', 'privacy_erasures'];

/**
 * Personal data: people (profiles, every field encrypted under the person's own key, e-mail with a
 * blind index), person_keys (the per-person salts whose deletion crypto-shreds), and the GDPR export
 * and erasure requests. All under row-level security like every company table.
 */
export class CmsPeople1764530000000 implements MigrationInterface {
  name = 'CmsPeople1764530000000';

  async up(runner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE ${S}."people" ("company_id" uuid NOT NULL, "user_id" uuid NOT NULL, "display_name_cipher" text NOT NULL, "organisation_cipher" text, "job_title_cipher" text, "email_cipher" text, "email_index" text, "key_kid" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_people" PRIMARY KEY ("company_id", "user_id"))`,
      `CREATE INDEX "IDX_people_company_email_index" ON ${S}."people" ("company_id", "email_index")`,
      `CREATE TABLE ${S}."person_keys" ("company_id" uuid NOT NULL, "user_id" uuid NOT NULL, "salt" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_person_keys" PRIMARY KEY ("company_id", "user_id"))`,
      `CREATE TABLE ${S}."privacy_exports" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "user_id" uuid NOT NULL, "expected_services" text array NOT NULL, "private_key_cipher" text, "key_kid" text, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_privacy_exports" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_privacy_exports_person" ON ${S}."privacy_exports" ("company_id", "user_id")`,
      `CREATE TABLE ${S}."privacy_export_parts" ("export_id" uuid NOT NULL, "service" text NOT NULL, "company_id" uuid NOT NULL, "jwe" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_privacy_export_parts" PRIMARY KEY ("export_id", "service"))`,
      `CREATE TABLE ${S}."privacy_erasures" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "expected_services" text array NOT NULL, "outcomes" jsonb NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_privacy_erasures" PRIMARY KEY ("id"))`,
      ...TABLES.flatMap((table) => tenantPolicySql(CMS_SCHEMA, table)),
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      for (const statement of dropTenantPolicySql(CMS_SCHEMA, table)) await runner.query(statement);
      await runner.query(`DROP TABLE IF EXISTS ${S}."${table}"`);
    }
  }
}
