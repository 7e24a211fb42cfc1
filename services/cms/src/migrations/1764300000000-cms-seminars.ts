import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropTenantPolicySql, tenantPolicySql } from '@webinar/persistence';
import { CMS_SCHEMA } from '../cms.constants';

const S = `"${CMS_SCHEMA}"`;

/** Seminars, registrations, per-seminar grants, stream keys and company settings; all under RLS. */
export class CmsSeminars1764300000000 implements MigrationInterface {
  name = 'CmsSeminars1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE ${S}."seminars" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" text NOT NULL, "capacity" integer NOT NULL, "registered_count" integer NOT NULL DEFAULT '0', "state" text NOT NULL DEFAULT 'draft', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c45e6b90e0fa9d8ea7341de3660" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_seminars_company_starts" ON ${S}."seminars" ("company_id", "starts_at")`,
      `CREATE TABLE ${S}."registrations" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "seminar_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6013e724d7b22929da9cd7282d1" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "UQ_registrations_seminar_user" ON ${S}."registrations" ("seminar_id", "user_id")`,
      `CREATE TABLE ${S}."grants" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "seminar_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a25f5f89eff8b3277f7969b7094" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "UQ_grants_seminar_user_role" ON ${S}."grants" ("seminar_id", "user_id", "role")`,
      `CREATE TABLE ${S}."stream_keys" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "seminar_id" uuid NOT NULL, "presenter_id" uuid NOT NULL, "key_hash" text NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e108bc07e424f985be167b05300" PRIMARY KEY ("id"))`,
      `CREATE INDEX "IDX_stream_keys_seminar_presenter" ON ${S}."stream_keys" ("seminar_id", "presenter_id")`,
      `CREATE TABLE ${S}."company_settings" ("company_id" uuid NOT NULL, "playback_protocols" text array NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_717089d5a18a8b594c0184663ae" PRIMARY KEY ("company_id"))`,
      ...tenantPolicySql(CMS_SCHEMA, 'seminars'),
      ...tenantPolicySql(CMS_SCHEMA, 'registrations'),
      ...tenantPolicySql(CMS_SCHEMA, 'grants'),
      ...tenantPolicySql(CMS_SCHEMA, 'stream_keys'),
      ...tenantPolicySql(CMS_SCHEMA, 'company_settings'),
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['company_settings', 'stream_keys', 'grants', 'registrations', 'seminars']) {
      for (const statement of dropTenantPolicySql(CMS_SCHEMA, table)) await runner.query(statement);
      await runner.query(`DROP TABLE IF EXISTS ${S}."${table}"`);
    }
  }
}
