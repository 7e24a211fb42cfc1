// The CI check behind "every entity change comes with a committed migration".
import { createTestDatabase, testDatabaseUrl } from '@webinar/testing';
import { pendingSchemaChanges } from '../src';
import { Counter, NoteWithTag } from './fixtures/entities';
import { fixtureService } from './fixtures/services';

const dataDir = '/unused-by-a-throwaway-database';

describe('pendingSchemaChanges', () => {
  it('is empty when the migrations build exactly what the entities describe', async () => {
    expect(await pendingSchemaChanges(fixtureService('drift', { dataDir }))).toEqual([]);
  }, 60_000);

  it('lists the SQL an entity change without a migration still needs', async () => {
    const changes = await pendingSchemaChanges({
      ...fixtureService('drift', { dataDir }),
      entities: [Counter, NoteWithTag],
    });
    expect(changes).toEqual([expect.stringMatching(/ALTER TABLE "notes" ADD "tag" text/)]);
  }, 60_000);

  it('lists every table of a service with no migration at all', async () => {
    const changes = await pendingSchemaChanges({ ...fixtureService('drift', { dataDir }), migrations: [] });
    expect(changes).toEqual([
      expect.stringMatching(/^CREATE TABLE "counters"/),
      expect.stringMatching(/^CREATE TABLE "notes"/),
    ]);
  }, 60_000);

  it('works on a given PostgreSQL database too', async () => {
    const adminUrl = await testDatabaseUrl();
    if (adminUrl === undefined) return; // No PostgreSQL here and REQUIRE_INFRA unset.
    const [matching, drifted] = await Promise.all([
      createTestDatabase(adminUrl, 'drift'),
      createTestDatabase(adminUrl, 'drift'),
    ]);
    try {
      expect(
        await pendingSchemaChanges(fixtureService('drift', { dataDir, databaseUrl: matching.url })),
      ).toEqual([]);
      const changes = await pendingSchemaChanges({
        ...fixtureService('drift', { dataDir, databaseUrl: drifted.url }),
        entities: [Counter, NoteWithTag],
      });
      expect(changes).toEqual([expect.stringMatching(/ADD "tag" text/)]);
    } finally {
      await matching.drop();
      await drifted.drop();
    }
  });
});
