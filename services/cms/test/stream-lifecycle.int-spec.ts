// The seminar follows its stream, through the real PostgreSQL and RabbitMQ: stream.started moves a
// scheduled seminar live, stream.ended moves it to ended, each announced once (cms.seminar.live.v1 /
// ended.v1 via the outbox) however often the message is delivered; nothing else moves, and an event
// naming another company does not reach its seminar.
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Events, type EventName } from '@webinar/contracts';
import { ACCESS_TOKEN_ISSUER, createHttpApp, PlatformModule } from '@webinar/http';
import { createBus, type Envelope, type MessageBus } from '@webinar/messaging';
import { HealthModule } from '@webinar/observability';
import { issueAccessToken, KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { createTestDatabase, testAmqpUrl, testDatabaseUrl, type TestDatabase } from '@webinar/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CMS_AUDIENCE } from '../src/cms.constants';
import { CmsModule } from '../src/cms.module';
import { identity, inHours, RTMPS_URL, type Identity } from './support/cms-test-app';
import { testCmsSettings } from './support/test-settings';

const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

describe('seminar state from the stream lifecycle (PostgreSQL + RabbitMQ)', () => {
  jest.setTimeout(60_000);
  let dataDir: string;
  let database: TestDatabase | undefined;
  let bus: MessageBus;
  let app: NestFastifyApplication;
  let keys: KeySet;
  let companyA: string;
  let companyB: string;
  const announced: Array<Envelope<EventName>> = [];

  const token = (over: Partial<Identity>): Promise<string> =>
    issueAccessToken(keys, identity(over), { issuer: ACCESS_TOKEN_ISSUER, audience: CMS_AUDIENCE, ttlSeconds: 240 });
  const call = async (method: 'GET' | 'POST', url: string, bearer: string, payload?: object) => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string; state: string }>();
  };
  const adminOf = (companyId: string): Promise<string> => token({ role: 'admin', companyId });
  const stateOf = async (companyId: string, seminarId: string): Promise<string> =>
    (await call('GET', `/cms/seminars/${seminarId}`, await adminOf(companyId))).state;
  const seminar = async (companyId: string, state: 'draft' | 'scheduled' | 'live'): Promise<string> => {
    const admin = await adminOf(companyId);
    const { id } = await call('POST', '/cms/seminars', admin, {
      title: `stream-lifecycle ${randomUUID()}`,
      description: '',
      startsAt: inHours(0.1),
      endsAt: inHours(1.1),
      timeZone: 'UTC',
      capacity: 10,
    });
    if (state !== 'draft') await call('POST', `/cms/seminars/${id}/transitions`, admin, { to: 'scheduled' });
    if (state === 'live') await call('POST', `/cms/seminars/${id}/transitions`, admin, { to: 'live' });
    return id;
  };
  const started = (seminarId: string, companyId: string, opts: { id?: string; streamId?: string } = {}) =>
    bus.publish(
      Events.StreamStarted,
      { seminarId, companyId, streamId: opts.streamId ?? randomUUID(), startedAt: new Date().toISOString() },
      opts.id ? { id: opts.id } : {},
    );
  const ended = (seminarId: string, companyId: string, opts: { id?: string } = {}) =>
    bus.publish(
      Events.StreamEnded,
      { seminarId, companyId, streamId: randomUUID(), endedAt: new Date().toISOString(), reason: 'publisher disconnected' },
      opts.id ? { id: opts.id } : {},
    );
  const announcementsOf = (seminarId: string, name: EventName): number =>
    announced.filter((e) => e.name === name && (e.payload as { seminarId: string }).seminarId === seminarId).length;
  /** The consumer logged that it left this seminar alone (a no-op is only observable this way). */
  const leftAlone = (seminarId: string): number =>
    logger.info.mock.calls.filter(([obj, msg]) => msg === 'stream event leaves the seminar as it is' && (obj as { seminarId?: string }).seminarId === seminarId).length;
  const duplicateIgnored = (messageId: string): boolean =>
    logger.info.mock.calls.some(([obj, msg]) => msg === 'duplicate message ignored' && (obj as { messageId?: string }).messageId === messageId);

  async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cms-stream-lifecycle-'));
    const adminUrl = await testDatabaseUrl();
    database = adminUrl ? await createTestDatabase(adminUrl, 'cms') : undefined;
    const amqpUrl = await testAmqpUrl();
    bus = await createBus({ ...(amqpUrl ? { amqpUrl } : {}), logger });
    keys = await KeySet.generate({ use: 'sig' });
    @Module({
      imports: [
        PlatformModule.forRoot({ logger, bus }),
        HealthModule.forRoot(),
        SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: CMS_AUDIENCE, keys, revocations: new RevocationSet() }),
        CmsModule.register({ dataDir, settings: testCmsSettings({ MEDIA_RTMPS_URL: RTMPS_URL }), ...(database ? { databaseUrl: database.url } : {}) }),
      ],
    })
    class TestRoot {}
    app = await createHttpApp(TestRoot, { logger });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    await bus.subscribe(
      { queue: 'test.cms.stream-lifecycle.observer', events: [Events.SeminarLive, Events.SeminarEnded] },
      async (m) => void announced.push(m),
    );
    const root = await token({ role: 'root', elevated: true });
    companyA = (await call('POST', '/cms/companies', root, { name: `Stream A ${randomUUID()}` })).id;
    companyB = (await call('POST', '/cms/companies', root, { name: `Stream B ${randomUUID()}` })).id;
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes live when the stream starts and ends when it ends, announcing each once despite redelivery', async () => {
    const id = await seminar(companyA, 'scheduled');
    const startedId = randomUUID();
    await started(id, companyA, { id: startedId });
    await until('the seminar to go live', async () => (await stateOf(companyA, id)) === 'live');
    await started(id, companyA, { id: startedId }); // redelivery of the same message
    await until('the redelivery to be recognised', () => duplicateIgnored(startedId));

    // A second stream.started (a new stream after the old one was lost) changes nothing either.
    await started(id, companyA);
    await until('the second start to be handled', () => leftAlone(id) === 1);

    const endedId = randomUUID();
    await ended(id, companyA, { id: endedId });
    await until('the seminar to end', async () => (await stateOf(companyA, id)) === 'ended');
    await ended(id, companyA, { id: endedId });
    await until('the redelivered end to be recognised', () => duplicateIgnored(endedId));
    await until('the outbox to announce both', () => announcementsOf(id, Events.SeminarEnded) === 1);
    expect(announcementsOf(id, Events.SeminarLive)).toBe(1);

    // Streaming again after the end does not reopen the seminar.
    await started(id, companyA);
    await until('the late start to be handled', () => leftAlone(id) === 2);
    expect(await stateOf(companyA, id)).toBe('ended');
  });

  it('moves nothing else: a draft stays a draft, and an end before any start changes nothing', async () => {
    const draft = await seminar(companyA, 'draft');
    await started(draft, companyA);
    const scheduled = await seminar(companyA, 'scheduled');
    await ended(scheduled, companyA);
    await until('both events to be handled', () => leftAlone(draft) === 1 && leftAlone(scheduled) === 1);
    expect(await stateOf(companyA, draft)).toBe('draft');
    expect(await stateOf(companyA, scheduled)).toBe('scheduled');
  });

  it('does not announce twice when the admin already took the seminar live', async () => {
    const id = await seminar(companyA, 'live');
    await started(id, companyA);
    await until('the start to be handled', () => leftAlone(id) === 1);
    // The outbox relays in order: once the admin's later "ended" is announced, anything the stream
    // event might have enqueued before it has been announced too.
    await call('POST', `/cms/seminars/${id}/transitions`, await adminOf(companyA), { to: 'ended' });
    await until('the admin\'s end to be announced', () => announcementsOf(id, Events.SeminarEnded) === 1);
    expect(announcementsOf(id, Events.SeminarLive)).toBe(1);
  });

  it('acts only inside the company the event names', async () => {
    const id = await seminar(companyB, 'scheduled');
    await started(id, companyA); // another company's stream event: row-level security hides the seminar
    await until('the foreign event to be handled', () => leftAlone(id) === 1);
    expect(await stateOf(companyB, id)).toBe('scheduled');
    await started(id, companyB);
    await until('the seminar to go live', async () => (await stateOf(companyB, id)) === 'live');
  });
});
