// docs/cms.md: an id that is not one (malformed, or of any length) is answered like an unknown one.
// Every cms route with path parameters (read from the router), as admin and as elevated root: an id of
// 101, 400 or 4000 characters gets exactly the answer of a short id that names nothing (status and
// body; on reads, also that of an unknown UUID), never the router's 414.
import { listRoutes } from '@webinar/http';
import { randomUUID } from 'node:crypto';
import { type CmsTestApp, type Method, startCmsApp } from './support/cms-test-app';
import { buildCompany } from './support/fixtures';

describe('cms: long ids', () => {
  let t: CmsTestApp;

  beforeAll(async () => {
    t = await startCmsApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers ids longer than 100 characters exactly like unknown ids on every route', async () => {
    const home = await buildCompany(t, 'Long');
    const callers = [home.adminToken, await t.token({ role: 'root', elevated: true })];
    const routes = listRoutes(t.app).filter((r) => r.path.startsWith('/cms/') && r.path.includes(':'));
    expect(routes.length).toBeGreaterThan(5);
    const send = (method: string, path: string, bearer: string) =>
      t.app.inject({ method: method as Method, url: path, headers: { authorization: `Bearer ${bearer}` } });
    const mismatches: string[] = [];
    for (const route of routes) {
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
      for (const [position, name] of names.entries()) {
        // The other parameters stay real, so the request gets as far as this one.
        const real: Record<string, string> = { id: home.seminarId, userId: home.memberId, role: 'presenter', companyId: home.companyId };
        const pathWith = (value: string): string => {
          let i = 0;
          return route.path.replace(/:(\w+)/g, (_m, param: string) => (i++ === position ? encodeURIComponent(value) : (real[param] ?? randomUUID())));
        };
        for (const bearer of callers) {
          const baselines = [await send(route.method, pathWith('a'.repeat(8)), bearer)];
          if (route.method === 'GET' && /id$/i.test(name)) baselines.push(await send(route.method, pathWith(randomUUID()), bearer));
          for (const length of [101, 400, 4000]) {
            const long = await send(route.method, pathWith('a'.repeat(length)), bearer);
            for (const unknown of baselines) {
              if (long.statusCode === 414 || long.statusCode !== unknown.statusCode || long.body !== unknown.body) {
                mismatches.push(`${route.method} ${route.path} :${name} (${length}) → ${long.statusCode} ${long.body.slice(0, 80)}; unknown → ${unknown.statusCode} ${unknown.body.slice(0, 80)}`);
              }
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
