import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropTenantPolicySql, tenantPolicySql } from '@webinar/persistence';
import { POLLS_SCHEMA } from '../polls.constants';

const S = `"${POLLS_SCHEMA}"`;
const TABLES = ['seminars', 'registrations', 'grants', 'company_keys', 'person_salts', 'shown_names', 'room_revisions'];

/**
 * The live room's foundation. Replicas of what cms announces (seminars, registrations, grants), each
 * row carrying the time of the event it came from so a late or redelivered message never overwrites a
 * newer one; the key material of per-person encryption (company keys wrapped by the master key, one
 * salt per person); the names people show in a company's rooms (sealed); the revision counters of the room's snapshot events. All under row-level security.
 */
export class PollsFoundation1764700000000 implements MigrationInterface {
  name = 'PollsFoundation1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    const statements = [
      // Details (title, times) and state move independently: SeminarLive/Ended carry no title, and a
      // late SeminarScheduled must still bring its details without undoing a newer state.
      `CREATE TABLE ${S}."seminars" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "title" text, "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "details_at" TIMESTAMP WITH TIME ZONE, "state" text NOT NULL, "state_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_polls_seminars" PRIMARY KEY ("id"))`,
      `CREATE TABLE ${S}."registrations" ("seminar_id" uuid NOT NULL, "user_id" uuid NOT NULL, "company_id" uuid NOT NULL, "registration_id" uuid NOT NULL, "active" boolean NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_polls_registrations" PRIMARY KEY ("seminar_id", "user_id"))`,
      `CREATE INDEX "IDX_polls_registrations_person" ON ${S}."registrations" ("company_id", "user_id")`,
      // scope: the seminar id, or '*' for a company-wide grant (a primary key column cannot be null).
      `CREATE TABLE ${S}."grants" ("company_id" uuid NOT NULL, "user_id" uuid NOT NULL, "scope" text NOT NULL, "roles" text array NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_polls_grants" PRIMARY KEY ("company_id", "user_id", "scope"))`,
      `CREATE TABLE ${S}."company_keys" ("company_id" uuid NOT NULL, "wrapped_key" text NOT NULL, "kid" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_polls_company_keys" PRIMARY KEY ("company_id"))`,
      `CREATE TABLE ${S}."person_salts" ("company_id" uuid NOT NULL, "user_id" uuid NOT NULL, "salt" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_polls_person_salts" PRIMARY KEY ("company_id", "user_id"))`,
      `CREATE TABLE ${S}."shown_names" ("company_id" uuid NOT NULL, "user_id" uuid NOT NULL, "name_cipher" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_polls_shown_names" PRIMARY KEY ("company_id", "user_id"))`,
      // The last revision of each snapshot topic ("poll:<id>", "questions:<seminar id>"), shared by replicas.
      `CREATE TABLE ${S}."room_revisions" ("company_id" uuid NOT NULL, "topic" text NOT NULL, "revision" integer NOT NULL, CONSTRAINT "PK_polls_room_revisions" PRIMARY KEY ("company_id", "topic"))`,
      ...TABLES.flatMap((table) => tenantPolicySql(POLLS_SCHEMA, table)),
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      for (const statement of dropTenantPolicySql(POLLS_SCHEMA, table)) await runner.query(statement);
      await runner.query(`DROP TABLE IF EXISTS ${S}."${table}"`);
    }
  }
}
