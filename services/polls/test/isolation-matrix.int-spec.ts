// The isolation matrix of polls: every polls route, read from the router at test time (so a new route
// is covered without anyone listing it) × every kind of caller, with a foreign company holding data
// (a seminar room, a shown name). No response carries the foreign company's values; routes that name
// an object (`:seminarId`, …) answer 401/403/404 to everyone outside that company. Later features add
// a sample body per new route and, where a path names another kind of object, how to fill it.
import { listRoutes, type RouteAccess, undeclaredRoutes } from '@webinar/http';
import { withTenant } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { ShownNames } from '../src/names/shown-names';
import { type Method, type PollsTestApp, startPollsApp } from './support/polls-app';
import { buildRoom, type RoomFixture } from './support/room-fixtures';

interface Actor {
  name: string;
  token: string | undefined;
}

describe('polls isolation matrix', () => {
  let t: PollsTestApp;
  let foreign: RoomFixture;
  let home: RoomFixture;
  let actors: Actor[];
  let routes: RouteAccess[];
  const foreignName = `Foreign Person ${randomUUID()}`;

  /** A valid body per route that takes one, so a refusal is about access and not about validation. */
  const sampleBodies: Record<string, unknown> = {
    'PUT /polls/me/shown-name': { name: 'Matrix Person' },
  };

  const fillPath = (path: string): string =>
    path.replace(/:(\w+)/g, (_m, name: string) => {
      const values: Record<string, string> = { seminarId: foreign.seminarId, userId: foreign.attendeeId };
      const value = values[name];
      if (value === undefined) throw new Error(`the matrix does not know how to fill :${name} in ${path}`);
      return value;
    });

  beforeAll(async () => {
    t = await startPollsApp();
    foreign = await buildRoom(t);
    home = await buildRoom(t);
    const person = { companyId: foreign.companyId, userId: foreign.attendeeId };
    await withTenant(t.database.dataSource, { companyId: foreign.companyId }, (m) => t.app.get(ShownNames).set(m, person, foreignName));
    const c = home.companyId;
    actors = [
      { name: 'anonymous', token: undefined },
      { name: 'prospect', token: await t.token({ role: 'prospect', companyId: c }) },
      { name: 'attendee of company A', token: await t.token({ role: 'customer', companyId: c, userId: home.attendeeId }) },
      // The foreign attendee's user id, but company A's token: ids are per company.
      { name: 'customer of A with the foreign user id', token: await t.token({ role: 'customer', companyId: c, userId: foreign.attendeeId }) },
      { name: 'presenter of A', token: await t.token({ role: 'customer', companyId: c, userId: home.presenterId }) },
      { name: 'moderator of A', token: await t.token({ role: 'customer', companyId: c, userId: home.moderatorId }) },
      { name: 'admin of A', token: await t.token({ role: 'admin', companyId: c }) },
      { name: 'admin of A without mfa', token: await t.token({ role: 'admin', companyId: c, mfa: false }) },
      { name: 'root, elevated', token: await t.token({ role: 'root', elevated: true }) },
    ];
    routes = listRoutes(t.app).filter((r) => r.path.startsWith('/polls/'));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds the routes in the router and every one declares its access', () => {
    expect(routes.length).toBeGreaterThanOrEqual(2);
    expect(undeclaredRoutes(routes)).toEqual([]);
  });

  it('keeps every route × every caller away from another company\'s data', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (route.hasBodySchema && !(key in sampleBodies)) {
        failures.push(`${key}: takes a body but the matrix has no sample for it`);
        continue;
      }
      const url = fillPath(route.path);
      for (const actor of actors) {
        cases += 1;
        const response = await t.call(route.method as Method, url, actor.token, sampleBodies[key]);
        const label = `${key} as ${actor.name} → ${response.statusCode}`;
        if (response.statusCode >= 500) failures.push(`${label}: server error`);
        if (route.path.includes(':') && !route.isPublic) {
          const allowed = actor.token === undefined ? [401] : [403, 404];
          if (!allowed.includes(response.statusCode)) failures.push(`${label}: expected ${allowed.join('/')}`);
        }
        const markers = [foreign.companyId, foreign.seminarId, foreignName];
        if (markers.some((m) => response.body.includes(m))) failures.push(`${label}: body leaks a foreign value`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBe(routes.length * actors.length);
  });
});
