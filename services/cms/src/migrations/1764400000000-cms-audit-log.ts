import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropTenantPolicySql, tenantPolicySql } from '@webinar/persistence';
import { CMS_SCHEMA } from '../cms.constants';

const S = `"${CMS_SCHEMA}"`;

/**
 * The audit log: one hash chain per company (plus the platform chain for records without one), under
 * row-level security, and append-only for every role including the owner (a trigger refuses UPDATE,
 * DELETE and TRUNCATE; only a superuser disabling the trigger can edit, and the chain then shows it).
 */
export class CmsAuditLog1764400000000 implements MigrationInterface {
  name = 'CmsAuditLog1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE ${S}."audit_log" ("id" uuid NOT NULL, "company_id" uuid, "seq" integer NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "action" text NOT NULL, "subject" text, "details" jsonb NOT NULL, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "UQ_audit_log_chain_seq" ON ${S}."audit_log" ((coalesce("company_id", '00000000-0000-0000-0000-000000000000'::uuid)), "seq")`,
      `CREATE FUNCTION ${S}."audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$`,
      `CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON ${S}."audit_log" FOR EACH ROW EXECUTE FUNCTION ${S}."audit_log_append_only"()`,
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON ${S}."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION ${S}."audit_log_append_only"()`,
      ...tenantPolicySql(CMS_SCHEMA, 'audit_log'),
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropTenantPolicySql(CMS_SCHEMA, 'audit_log')) await runner.query(statement);
    await runner.query(`DROP TABLE IF EXISTS ${S}."audit_log"`);
    await runner.query(`DROP FUNCTION IF EXISTS ${S}."audit_log_append_only"()`);
  }
}
