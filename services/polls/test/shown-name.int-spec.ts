// "My shown name in this company": the default until chosen, sealed at rest, validated, and fuzzed.
import { expectNoPlaintext } from '@webinar/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { POLLS_SCHEMA } from '../src/polls.constants';
import { type PollsTestApp, startPollsApp } from './support/polls-app';

describe('shown name', () => {
  let t: PollsTestApp;
  beforeAll(async () => {
    t = await startPollsApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is the neutral default until set, then the chosen one, per company, never stored in the clear', async () => {
    const userId = randomUUID();
    const mine = await t.token({ role: 'customer', companyId: randomUUID(), userId });
    const elsewhere = await t.token({ role: 'customer', companyId: randomUUID(), userId });
    expect((await t.call('GET', '/polls/me/shown-name', mine)).json()).toEqual({ name: 'Attendee', chosen: false });
    const name = `Ada Lovelace ${randomUUID()}`;
    const put = await t.call('PUT', '/polls/me/shown-name', mine, { name: `  ${name} ` });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ name, chosen: true });
    expect((await t.call('GET', '/polls/me/shown-name', mine)).json()).toEqual({ name, chosen: true });
    // The same user id in another company is another person.
    expect((await t.call('GET', '/polls/me/shown-name', elsewhere)).json()).toEqual({ name: 'Attendee', chosen: false });
    expect((await expectNoPlaintext(t.databaseUrl, POLLS_SCHEMA, [name])).rows).toBeGreaterThan(0);
  });

  it('refuses bad names with 400 and root with a stable code', async () => {
    const token = await t.token({ role: 'customer', companyId: randomUUID() });
    for (const body of [{ name: '' }, { name: '   ' }, { name: 'x'.repeat(201) }, { name: 'a\u0000b' }, { name: 'bidi\u202e' }, { name: 3 }, {}, { name: 'ok', extra: 1 }]) {
      const r = await t.call('PUT', '/polls/me/shown-name', token, body);
      expect([r.statusCode, r.json<{ code: string }>().code]).toEqual([400, 'REQUEST.INVALID']);
    }
    const root = await t.token({ role: 'root', elevated: true });
    const r = await t.call('GET', '/polls/me/shown-name', root);
    expect(r.statusCode).toBe(403);
    expect(r.json<{ code: string }>().code).toBe('AUTH.FORBIDDEN');
  });

  it('answers any body without a server error (fuzz)', async () => {
    const token = await t.token({ role: 'customer', companyId: randomUUID() });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ name: fc.string({ unit: 'binary', maxLength: 300 }) })), async (body) => {
        const r = await t.call('PUT', '/polls/me/shown-name', token, body);
        expect(r.statusCode).toBeLessThan(500);
        if (r.statusCode === 200) expect(r.json<{ chosen: boolean }>().chosen).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
