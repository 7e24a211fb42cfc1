import { thrownBy } from '../../test/support/events';
import { outboxInboxDdl } from './ddl';

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
});
