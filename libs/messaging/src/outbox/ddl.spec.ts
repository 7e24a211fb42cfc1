import type { QueryRunner } from 'typeorm';
import { thrownBy } from '../../test/support/events';
import { outboxClaimLeaseMigration, outboxInboxDdl } from './ddl';

describe('outboxInboxDdl', () => {
  it('creates the outbox, its partial index and the inbox in the given schema', () => {
    const sut = outboxInboxDdl('cms');
    expect(sut).toHaveLength(3);
    expect(sut[0]).toMatch(/^CREATE TABLE IF NOT EXISTS "cms"\.outbox/);
    expect(sut[1]).toMatch(/ON "cms"\.outbox \(seq\) WHERE published_at IS NULL$/);
    expect(sut[2]).toMatch(/PRIMARY KEY \(consumer, message_id\)/);
  });

  it.each(['Cms', 'cms; DROP TABLE x', 'cms"', '1cms', ''])('refuses the schema name %j', (schema) => {
    expect(thrownBy(() => outboxInboxDdl(schema))).toMatchObject({ code: 'INVALID_SCHEMA_NAME' });
  });

  it('adds and drops the claim lease column in the migration it builds, under the name given', async () => {
    const sut = new (outboxClaimLeaseMigration('cms', 'CmsOutboxClaimLease1764600000000'))();
    const statements: string[] = [];
    const runner = { query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner;

    await sut.up(runner);
    await sut.down(runner);

    expect(sut.name).toBe('CmsOutboxClaimLease1764600000000');
    expect(statements).toEqual([
      'ALTER TABLE "cms".outbox ADD COLUMN IF NOT EXISTS claimed_until timestamptz NULL',
      'ALTER TABLE "cms".outbox DROP COLUMN IF EXISTS claimed_until',
    ]);
  });
});
