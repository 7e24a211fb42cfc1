import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteSchema } from './sql-identifier';

/**
 * Tables for the transactional outbox and the consumer inbox, for a service's own schema. Put
 * these statements in that service's TypeORM migration; the schema itself must already exist
 * (creating it needs privileges a service role should not have).
 *
 * `seq` is not part of the message: it only gives the relay a strict insertion order, which
 * neither random UUIDs nor `occurred_at` (equal within one transaction) can.
 */
export function outboxInboxDdl(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.outbox (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      name text NOT NULL,
      payload jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz NULL,
      attempts integer NOT NULL DEFAULT 0
    )`,
    // Partial: the relay only ever looks for pending rows, which stay few while published rows grow.
    `CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON ${s}.outbox (seq) WHERE published_at IS NULL`,
    `CREATE TABLE IF NOT EXISTS ${s}.inbox (
      consumer text NOT NULL,
      message_id uuid NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, message_id)
    )`,
  ];
}

/**
 * Second outbox migration: the relay's claim lease. A relay claims pending rows by setting
 * `claimed_until` in a short transaction of its own, publishes without holding any lock, then marks
 * them sent; rows whose lease ran out (their relay crashed or hung) are claimed again by any relay.
 */
export function outboxClaimLeaseDdl(schema: string): string[] {
  return [`ALTER TABLE ${quoteSchema(schema)}.outbox ADD COLUMN IF NOT EXISTS claimed_until timestamptz NULL`];
}

/** The reverse of `outboxClaimLeaseDdl`, for a migration's `down`. */
export function dropOutboxClaimLeaseDdl(schema: string): string[] {
  return [`ALTER TABLE ${quoteSchema(schema)}.outbox DROP COLUMN IF EXISTS claimed_until`];
}

/**
 * The migration class that adds the claim lease to `schema`'s outbox, for a service's migration list.
 * `name` must end in the migration's timestamp, as TypeORM requires.
 */
export function outboxClaimLeaseMigration(schema: string, name: string): new () => MigrationInterface {
  return class OutboxClaimLease implements MigrationInterface {
    readonly name = name;

    async up(runner: QueryRunner): Promise<void> {
      for (const statement of outboxClaimLeaseDdl(schema)) await runner.query(statement);
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const statement of dropOutboxClaimLeaseDdl(schema)) await runner.query(statement);
    }
  };
}
