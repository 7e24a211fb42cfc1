// fast-check against every cms route (read from the router): arbitrary path parameters, JSON bodies
// and query strings, sent by callers who pass the guard, must never produce a 5xx.
import { listRoutes, type RouteAccess } from '@webinar/http';
import fc from 'fast-check';
import { type CmsTestApp, type Method, startCmsApp, TEST_INTERNAL_CREDENTIAL } from './support/cms-test-app';
import { buildCompany, type CompanyFixture } from './support/fixtures';

const RUNS_PER_ROUTE = 40;

describe('cms fuzzing', () => {
  let t: CmsTestApp;
  let home: CompanyFixture;
  let routes: RouteAccess[];
  let callers: string[];

  beforeAll(async () => {
    t = await startCmsApp();
    home = await buildCompany(t, 'Fuzz');
    callers = [
      home.adminToken,
      await t.token({ role: 'customer', companyId: home.companyId, userId: home.memberId }),
      await t.token({ role: 'prospect', companyId: home.companyId }),
      await t.token({ role: 'root', elevated: true }),
    ];
    routes = listRoutes(t.app).filter((r) => r.path.startsWith('/cms/'));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds no 5xx on any route', async () => {
    const realIds = [home.companyId, home.seminarId, home.memberId, home.streamKeyId, 'presenter', 'moderator'];
    const param = fc.oneof(fc.constantFrom(...realIds), fc.uuid(), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
    const body = fc.option(
      fc.oneof(
        fc.jsonValue(),
        fc.dictionary(
          fc.constantFrom('title', 'description', 'startsAt', 'endsAt', 'timeZone', 'capacity', 'to', 'name', 'playbackProtocols'),
          fc.jsonValue(),
        ),
      ),
      { nil: undefined },
    );
    const query = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 3 });
    let requests = 0;
    const serverErrors: string[] = [];
    /** Internal routes are fuzzed signed, as a media node calls them: past the guard, into validation. */
    let internalPastGuard = 0;
    const internalWithoutCode: string[] = [];

    for (const route of routes) {
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
      await fc.assert(
        fc.asyncProperty(
          fc.array(param, { minLength: names.length, maxLength: names.length }),
          body,
          query,
          fc.constantFrom(...callers),
          async (values, payload, search, bearer) => {
            let i = 0;
            const path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(values[i++] ?? ''));
            const qs = new URLSearchParams(search).toString();
            requests += 1;
            const url = qs ? `${path}?${qs}` : path;
            const sent = payload === undefined ? undefined : (JSON.parse(JSON.stringify(payload)) as unknown);
            const credentials = route.isInternal
              ? TEST_INTERNAL_CREDENTIAL.sign('stream.fuzz', route.method, url, sent)
              : { authorization: `Bearer ${bearer}` };
            const response = await t.app.inject({
              method: route.method as Method,
              url,
              headers: { ...credentials, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
              ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
            });
            if (response.statusCode >= 500) serverErrors.push(`${route.method} ${route.path} → ${response.statusCode} ${response.body}`);
            if (route.isInternal) {
              if (response.statusCode !== 401) internalPastGuard += 1;
              if (response.statusCode >= 400 && typeof response.json<{ code?: unknown }>().code !== 'string') {
                internalWithoutCode.push(`${route.method} ${route.path} → ${response.statusCode}`);
              }
            }
            return response.statusCode < 500;
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    console.log(`fuzzing: ${routes.length} routes, ${requests} requests`);
    expect(serverErrors).toEqual([]);
    expect(internalWithoutCode).toEqual([]);
    expect(internalPastGuard).toBeGreaterThan(RUNS_PER_ROUTE);
    expect(requests).toBeGreaterThanOrEqual(routes.length * RUNS_PER_ROUTE);
  });
});
