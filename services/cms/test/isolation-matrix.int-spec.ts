// The isolation matrix: every cms route, read from the router at test time (so a new route is covered
// without anyone listing it) × every kind of caller × objects owned by another company. Nobody but
// elevated root may reach them (403/404, anonymous 401), and no response body carries the foreign
// company's ids, names or titles. A route without an access declaration fails the matrix.
import { listRoutes, type RouteAccess, routesWithoutResponse, undeclaredRoutes } from '@webinar/http';
import { randomUUID } from 'node:crypto';
import { type CmsTestApp, inHours, type Method, startCmsApp } from './support/cms-test-app';
import { buildCompany, type CompanyFixture } from './support/fixtures';

interface Actor {
  name: string;
  token: string | undefined;
  elevatedRoot?: boolean;
}

describe('cms isolation matrix', () => {
  let t: CmsTestApp;
  let foreign: CompanyFixture;
  let home: CompanyFixture;
  let actors: Actor[];
  let routes: RouteAccess[];
  /** An export the foreign company's member started: nobody else may read it, elevated root included. */
  let foreignExportId: string;

  /** A valid body per route that takes one, so a refusal is about access and not about validation. */
  const sampleBodies: Record<string, unknown> = {
    'POST /cms/companies': { name: `Matrix ${randomUUID()}` },
    'POST /cms/seminars': { title: 'Matrix seminar', startsAt: inHours(5), endsAt: inHours(6), timeZone: 'UTC', capacity: 3 },
    'PATCH /cms/seminars/:id': { title: 'Hijacked', capacity: 1 },
    'POST /cms/seminars/:id/transitions': { to: 'live' },
    'PUT /cms/settings': { playbackProtocols: ['hls'] },
    'POST /cms/seminars/:id/registration': { displayName: 'Matrix Person', email: 'matrix@example.test' },
    'PATCH /cms/me': { displayName: 'Matrix Person' },
    'POST /cms/me/erasure': { confirm: 'erase my personal data' },
    // Internal (the media tier's): well-formed, naming the foreign company's objects.
    'POST /cms/internal/stream-keys/authorize': { keyId: '00000000-0000-4000-8000-000000000000', seminarId: '00000000-0000-4000-8000-000000000000', presenterId: '00000000-0000-4000-8000-000000000000' },
  };

  /** Fills a route's path with the objects of `company` (by default the foreign one). */
  const fillPath = (path: string, company: CompanyFixture = foreign, exportId = foreignExportId): string =>
    path.replace(/:(\w+)/g, (_m, name: string) => {
      const values: Record<string, string> = {
        // `:id` names the resource the path is about: a company under /companies, a person's export
        // under /me/exports, else a seminar.
        id: path.startsWith('/cms/companies/') ? company.companyId : path.startsWith('/cms/me/exports/') ? exportId : company.seminarId,
        userId: company.memberId,
        role: 'presenter',
      };
      const value = values[name];
      if (value === undefined) throw new Error(`the matrix does not know how to fill :${name} in ${path}`);
      return value;
    });

  const foreignMarkers = (): string[] => [foreign.companyId, foreign.name, foreign.seminarId, foreign.seminarTitle, foreign.memberId, foreign.streamKeyId, foreignExportId];

  beforeAll(async () => {
    t = await startCmsApp();
    foreign = await buildCompany(t, 'Foreign');
    const foreignMember = await t.token({ role: 'customer', companyId: foreign.companyId, userId: foreign.memberId });
    foreignExportId = (await t.call('POST', '/cms/me/export', foreignMember)).json<{ id: string }>().id;
    home = await buildCompany(t, 'Home');
    const other = await buildCompany(t, 'Other');
    const homeUser = (role: 'prospect' | 'customer', userId: string = randomUUID()) =>
      t.token({ role, companyId: home.companyId, userId });
    // Per-seminar roles on the home company's own seminar: they must not carry over to another one.
    const presenterId = randomUUID();
    const moderatorId = randomUUID();
    await t.call('PUT', `/cms/seminars/${home.seminarId}/grants/presenter/${presenterId}`, home.adminToken);
    await t.call('PUT', `/cms/seminars/${home.seminarId}/grants/moderator/${moderatorId}`, home.adminToken);
    actors = [
      { name: 'anonymous', token: undefined },
      { name: 'prospect', token: await homeUser('prospect') },
      { name: 'customer (registered for another seminar)', token: await homeUser('customer', home.memberId) },
      { name: 'presenter of another seminar', token: await homeUser('customer', presenterId) },
      { name: 'moderator of another seminar', token: await homeUser('customer', moderatorId) },
      { name: 'admin of company A', token: home.adminToken },
      { name: 'admin of company A, link session (no mfa)', token: await t.token({ role: 'admin', companyId: home.companyId, mfa: false }) },
      { name: 'admin of company B', token: other.adminToken },
      { name: 'root, not elevated', token: await t.token({ role: 'root', elevated: false }) },
      { name: 'root, elevated', token: await t.token({ role: 'root', elevated: true }), elevatedRoot: true },
      { name: 'root, elevated, link session (no mfa)', token: await t.token({ role: 'root', elevated: true, mfa: false }) },
    ];
    routes = listRoutes(t.app).filter((r) => r.path.startsWith('/cms/'));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('declares every route\'s success answer (@Responds), without exception', () => {
    expect(routesWithoutResponse(t.app)).toEqual([]);
  });

  it('finds the routes in the router and every one declares its access', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(undeclaredRoutes(routes)).toEqual([]);
    // The media tier's routes are listed as internal (not user routes), and only they are.
    expect(routes.filter((r) => r.isInternal).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /cms/internal/revocations',
      'POST /cms/internal/stream-keys/authorize',
    ]);
  });

  it('keeps every route × every caller away from another company\'s objects', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes) {
      if (!route.isPublic && !route.hasPolicy) failures.push(`${route.method} ${route.path}: no access declaration`);
      const key = `${route.method} ${route.path}`;
      if (route.hasBodySchema && !(key in sampleBodies)) {
        failures.push(`${key}: takes a body but the matrix has no sample for it`);
        continue;
      }
      const targetsObject = route.path.includes(':');
      const url = fillPath(route.path);
      for (const actor of actors) {
        cases += 1;
        const response = await t.call(route.method as Method, url, actor.token, sampleBodies[key]);
        const status = response.statusCode;
        const label = `${key} as ${actor.name} → ${status}`;
        if (status >= 500) failures.push(`${label}: server error`);
        // Not a user route: no person's token opens it, whoever they are (signed calls only).
        if (route.isInternal) {
          const code = response.json<{ code?: string }>().code;
          if (status !== 401 || code !== 'INTERNAL.UNAUTHENTICATED') failures.push(`${label}: internal route must answer 401 INTERNAL.UNAUTHENTICATED`);
          continue;
        }
        const mayRead = actor.elevatedRoot === true && route.method === 'GET';
        if (mayRead) continue;
        if (targetsObject && !route.isPublic) {
          const allowed = actor.token === undefined ? [401] : [403, 404];
          if (!allowed.includes(status)) failures.push(`${label}: expected ${allowed.join('/')}`);
        }
        const leaked = foreignMarkers().filter((marker) => response.body.includes(marker));
        if (leaked.length > 0) failures.push(`${label}: body leaks ${leaked.length} foreign value(s)`);
      }
    }
    console.log(`isolation matrix: ${routes.length} routes × ${actors.length} callers = ${cases} cases`);
    expect(failures).toEqual([]);
    expect(cases).toBe(routes.length * actors.length);
  });

  it('changed nothing of the foreign company, whose own admin still sees it all', async () => {
    const seminar = await t.call('GET', `/cms/seminars/${foreign.seminarId}`, foreign.adminToken);
    expect(seminar.json()).toMatchObject({ title: foreign.seminarTitle, state: 'scheduled', capacity: 20, registeredCount: 1 });
    const grants = (await t.call('GET', `/cms/seminars/${foreign.seminarId}/grants`, foreign.adminToken)).json<unknown[]>();
    expect(grants).toHaveLength(2);
    const registrations = (await t.call('GET', `/cms/seminars/${foreign.seminarId}/registrations`, foreign.adminToken)).json<unknown[]>();
    expect(registrations).toHaveLength(1);
    expect((await t.call('GET', '/cms/settings', foreign.adminToken)).json()).toEqual({ playbackProtocols: ['flv', 'hls'] });
  });

  it('lets elevated root (and only elevated root) read the foreign objects: the matrix targets real objects', async () => {
    const elevated = actors.find((a) => a.elevatedRoot)?.token;
    // Self-service routes (/cms/me/…) serve the caller alone: root has no "me" there to read.
    for (const route of routes.filter((r) => r.method === 'GET' && r.path.includes(':') && !r.path.startsWith('/cms/me/'))) {
      const response = await t.call('GET', fillPath(route.path), elevated);
      expect({ route: route.path, status: response.statusCode }).toEqual({ route: route.path, status: 200 });
      expect(foreignMarkers().some((m) => response.body.includes(m))).toBe(true);
    }
  });

  it("refuses root and admin without mfa (a link session) on every route of their own company, where with mfa they get through", async () => {
    // A company of its own: the admin with mfa really acts on it (edits, transitions, grants, erasure).
    const own = await buildCompany(t, 'Own');
    const ownExportId = (await t.call('POST', '/cms/me/export', own.adminToken)).json<{ id: string }>().id;
    const callers = [
      { name: 'admin', strong: own.adminToken, weak: await t.token({ role: 'admin', companyId: own.companyId, mfa: false }) },
      { name: 'elevated root', strong: await t.token({ role: 'root', elevated: true }), weak: await t.token({ role: 'root', elevated: true, mfa: false }) },
    ];
    const failures: string[] = [];
    let gotThrough = 0;
    for (const route of routes.filter((r) => !r.isPublic)) {
      const key = `${route.method} ${route.path}`;
      const url = fillPath(route.path, own, ownExportId);
      for (const caller of callers) {
        // Without mfa first: a refusal must change nothing, so the call with mfa meets the same state.
        const weak = await t.call(route.method as Method, url, caller.weak, sampleBodies[key]);
        const strong = await t.call(route.method as Method, url, caller.strong, sampleBodies[key]);
        const code = weak.json<{ code?: string }>().code;
        // Every guarded route demands mfa of root and admin; a route their role may not use at all says so first.
        if (weak.statusCode !== 403 || (code !== 'AUTH.MFA_REQUIRED' && code !== 'AUTH.FORBIDDEN')) {
          failures.push(`${key} as ${caller.name} without mfa → ${weak.statusCode} ${code ?? ''}`);
        }
        if (strong.statusCode < 400) {
          gotThrough += 1;
          if (code !== 'AUTH.MFA_REQUIRED') failures.push(`${key}: ${caller.name} gets through with mfa, but without it the answer is ${code ?? weak.statusCode}`);
        }
      }
    }
    console.log(`mfa matrix: ${routes.filter((r) => !r.isPublic).length} guarded routes × ${callers.length} callers; ${gotThrough} got through with mfa, none without`);
    expect(failures).toEqual([]);
    // The strong callers really reached the routes: the refusals above are about mfa, not about the targets.
    expect(gotThrough).toBeGreaterThanOrEqual(15);
  });
});
