// fast-check over the elevation and campaign routes, read from the router (a route added later is
// fuzzed without being listed): hostile path segments, bodies and query strings, anonymous, as an
// admin and as elevated root, against real PostgreSQL and RabbitMQ, must never produce a 5xx. Also
// the route audit: every route of the app is public or carries an access policy.
import { ACCESS_TOKEN_ISSUER, listRoutes, routesWithoutResponse, undeclaredRoutes } from '@webinar/http';
import { issueAccessToken } from '@webinar/security';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { authClient, type RabbitAuth, startAuthOnRabbitMq } from './support/auth-on-rabbitmq';
import { PUBLIC_ORIGIN } from './support/harness';

jest.setTimeout(180_000);

const segment = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('..', '%2e%2e', '0', '-1', "' or 1=1 --", '%00', 'null', 'break-glass', 'a'.repeat(300)),
);
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.record({ reason: fc.string({ maxLength: 600 }), durationSeconds: fc.integer(), secret: fc.string({ maxLength: 64 }) }, { requiredKeys: [] }),
  fc.record(
    { seminarId: fc.uuid(), label: fc.string({ maxLength: 250 }), expiresAt: fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())), signupCap: fc.integer(), companyId: fc.uuid() },
    { requiredKeys: [] },
  ),
  fc.record({ email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 300 })), token: fc.string({ maxLength: 300 }) }, { requiredKeys: [] }),
);
const query = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 3 });

describe('fuzzing the elevation and campaign routes', () => {
  let h: RabbitAuth;
  let client: ReturnType<typeof authClient>;
  const companyId = randomUUID();

  beforeAll(async () => {
    h = await startAuthOnRabbitMq({ elevationSweepSeconds: 3600 });
    client = authClient(h.app);
    await h.bus.publish('cms.company.created.v1', { companyId, name: 'Fuzz', createdAt: new Date().toISOString() });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('declares every route public or guarded', () => {
    expect(undeclaredRoutes(listRoutes(h.app))).toEqual([]);
  });

  it('declares every route\'s success answer (@Responds), but for the redirects', () => {
    expect(
      routesWithoutResponse(h.app, {
        // Mailed and published links: the handler sends a 302 to the browser app's page itself (no body).
        'GET /auth/link': 'redirect to the browser app',
        'GET /auth/campaign/:id': 'redirect to the browser app',
        'GET /auth/campaign-signup': 'redirect to the browser app',
      }),
    ).toEqual([]);
  });

  it('never answers 5xx, whatever the input and whoever asks', async () => {
    // With mfa (password + TOTP sessions), so the requests reach the handlers rather than stop at the guard.
    const token = (role: 'root' | 'admin', elevated: boolean) =>
      issueAccessToken(
        h.accessKeys,
        { userId: randomUUID(), companyId: role === 'root' ? null : companyId, role, sessionId: randomUUID(), elevated, mfa: true },
        { issuer: ACCESS_TOKEN_ISSUER, audience: 'auth', ttlSeconds: 300 },
      );
    const callers = [undefined, await token('admin', false), await token('root', true), await token('root', false)];
    const routes = listRoutes(h.app).filter((r) => r.path.startsWith('/auth/elevations') || r.path.startsWith('/auth/campaign'));
    // 6 elevation routes, 3 campaign admin routes, 2 public campaign routes, 2 campaign pages (now
    // redirects to the browser app, whose own script replaced the old /auth/campaign.js).
    expect(routes.length).toBeGreaterThanOrEqual(13);
    let cases = 0;
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(segment, body, query, fc.nat(callers.length - 1), async (param, payload, qs, who) => {
          const path = route.path.replace(/:[^/]+/g, encodeURIComponent(param));
          const search = new URLSearchParams(qs).toString();
          const bearer = callers[who];
          const response = await h.app.inject({
            method: route.method as 'GET',
            url: search ? `${path}?${search}` : path,
            headers: { 'content-type': 'application/json', origin: PUBLIC_ORIGIN, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
            remoteAddress: client.nextAddress(),
            ...(route.method === 'GET' ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
          });
          cases += 1;
          if (response.statusCode >= 500) throw new Error(`${route.method} ${route.path} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
        }),
        { numRuns: 40 },
      );
    }
    expect(cases).toBe(routes.length * 40);
  });
});
