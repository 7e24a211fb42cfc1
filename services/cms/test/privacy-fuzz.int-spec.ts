// fast-check against the personal-data and privacy routes with bodies built from their own field names
// (the general fuzz test in fuzz.int-spec.ts covers every route with generic bodies), and against the
// export-part consumer with well-formed messages carrying garbage: no 5xx, no dead letter, no part
// accepted that the export's key does not open.
import { Events } from '@webinar/contracts';
import { listRoutes, type RouteAccess } from '@webinar/http';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { scheduledSeminar, superQuery } from './privacy-support';
import { type CmsTestApp, type Method, startCmsApp } from './support/cms-test-app';

const RUNS_PER_ROUTE = 40;
const PRIVACY_ROUTE = /^\/cms\/(me|people)(\/|$)|\/registrations?$/;

describe('cms privacy fuzzing', () => {
  let t: CmsTestApp;
  let routes: RouteAccess[];
  let callers: string[];
  let seminarId: string;
  let customer: string;
  const companyId = randomUUID();

  beforeAll(async () => {
    t = await startCmsApp();
    const admin = await t.token({ role: 'admin', companyId });
    seminarId = await scheduledSeminar(t, admin, 'Fuzz', 1000);
    customer = await t.token({ role: 'customer', companyId });
    callers = [admin, customer, await t.token({ role: 'prospect', companyId }), await t.token({ role: 'root', elevated: true })];
    routes = listRoutes(t.app).filter((r) => PRIVACY_ROUTE.test(r.path));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds no 5xx on the personal-data routes with field-aware bodies', async () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /cms/me', 'PATCH /cms/me', 'GET /cms/people', 'POST /cms/me/export', 'GET /cms/me/exports/:id', 'POST /cms/me/erasure', 'POST /cms/seminars/:id/registration']),
    );
    const text = fc.oneof(
      fc.string({ maxLength: 250 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.emailAddress(),
      fc.constantFrom('', ' ', 'erase my personal data', 'a@b', 'x'.repeat(300), '\u0000', 'Zoë Ångström 🎥'),
    );
    const value = fc.oneof(text, fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
    const body = fc.option(
      fc.dictionary(fc.constantFrom('displayName', 'organisation', 'jobTitle', 'email', 'confirm', 'userId', 'companyId'), value, { maxKeys: 5 }),
      { nil: undefined },
    );
    const param = fc.oneof(fc.constant(seminarId), fc.uuid(), fc.string({ maxLength: 40 }));
    const query = fc.oneof(fc.constant({}), fc.record({ email: text }), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), text, { maxKeys: 2 }));
    const serverErrors: string[] = [];
    let requests = 0;

    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(param, body, query, fc.constantFrom(...callers), async (id, payload, search, bearer) => {
          const path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(id));
          const qs = new URLSearchParams(search as Record<string, string>).toString();
          requests += 1;
          const response = await t.app.inject({
            method: route.method as Method,
            url: qs ? `${path}?${qs}` : path,
            headers: { authorization: `Bearer ${bearer}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
          });
          if (response.statusCode >= 500) serverErrors.push(`${route.method} ${route.path} → ${response.statusCode} ${response.body}`);
          return response.statusCode < 500;
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    console.log(`privacy fuzzing: ${routes.length} routes, ${requests} requests`);
    expect(serverErrors).toEqual([]);
    expect(requests).toBe(routes.length * RUNS_PER_ROUTE);
  });

  it('acknowledges well-formed parts carrying garbage without storing them or dead-lettering', async () => {
    const open = (await t.call('POST', '/cms/me/export', customer)).json<{ id: string }>();
    const b64 = fc.base64String({ minLength: 4, maxLength: 200 }).map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_') || 'AA');
    const jwe = fc.tuple(b64, fc.constantFrom('', 'AA'), b64, b64, b64).map((parts) => parts.join('.'));
    let published = 0;
    await fc.assert(
      fc.asyncProperty(jwe, fc.constantFrom('auth', 'polls', 'other'), fc.boolean(), async (token, service, forThisExport) => {
        published += 1;
        await t.bus.publish(Events.PrivacyExportPart, {
          requestId: forThisExport ? open.id : randomUUID(),
          companyId,
          service,
          jwe: token,
          answeredAt: new Date().toISOString(),
        });
      }),
      { numRuns: 60 },
    );
    await t.bus.waitForIdle();
    expect(published).toBe(60);
    expect(t.bus.deadLetters).toEqual([]);
    expect(await superQuery(t, 'select 1 from cms.privacy_export_parts where export_id = $1', [open.id])).toEqual([]);
  });
});
