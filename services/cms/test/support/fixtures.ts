// Two companies with real objects in them, built through the API: the matrix and the fuzzer act on
// these. Company F ("foreign") owns the objects every other actor must not reach.
import { randomUUID } from 'node:crypto';
import { type CmsTestApp, inHours } from './cms-test-app';

export interface CompanyFixture {
  companyId: string;
  name: string;
  adminToken: string;
  seminarId: string;
  seminarTitle: string;
  /** Registered customer, presenter and moderator of the seminar (one person for F). */
  memberId: string;
  streamKeyId: string;
}

async function ok<T>(response: Promise<{ statusCode: number; json<U>(): U; body: string }>, status: number): Promise<T> {
  const r = await response;
  if (r.statusCode !== status) throw new Error(`fixture call failed: ${r.statusCode} ${r.body}`);
  return r.json<T>();
}

export async function buildCompany(t: CmsTestApp, label: string): Promise<CompanyFixture> {
  const root = await t.token({ role: 'root', elevated: true });
  const name = `${label} ${randomUUID()}`;
  const { id: companyId } = await ok<{ id: string }>(t.call('POST', '/cms/companies', root, { name }), 201);
  const adminToken = await t.token({ role: 'admin', companyId });
  const seminarTitle = `${label}-seminar-${randomUUID()}`;
  const { id: seminarId } = await ok<{ id: string }>(
    t.call('POST', '/cms/seminars', adminToken, {
      title: seminarTitle,
      description: `${label} description`,
      startsAt: inHours(0.1),
      endsAt: inHours(1.1),
      timeZone: 'Europe/Vienna',
      capacity: 20,
    }),
    201,
  );
  await ok(t.call('POST', `/cms/seminars/${seminarId}/transitions`, adminToken, { to: 'scheduled' }), 200);
  const memberId = randomUUID();
  const member = await t.token({ role: 'customer', companyId, userId: memberId });
  await ok(t.call('POST', `/cms/seminars/${seminarId}/registration`, member), 201);
  await ok(t.call('PUT', `/cms/seminars/${seminarId}/grants/presenter/${memberId}`, adminToken), 200);
  await ok(t.call('PUT', `/cms/seminars/${seminarId}/grants/moderator/${memberId}`, adminToken), 200);
  const { keyId: streamKeyId } = await ok<{ keyId: string }>(t.call('POST', `/cms/seminars/${seminarId}/stream-key`, member), 201);
  return { companyId, name, adminToken, seminarId, seminarTitle, memberId, streamKeyId };
}
