// The room access policy, as a matrix: who is what in a seminar's room, and what each is refused.
import { withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { badgeOf, RoomAccess, type RoomStanding } from '../src/access/room-access';
import { identity, type PollsTestApp, startPollsApp } from './support/polls-app';
import { buildRoom, type RoomFixture } from './support/room-fixtures';

type Check = 'standing' | 'requireAttendee' | 'requireStaff' | 'requireParticipant';

describe('room access', () => {
  let t: PollsTestApp;
  let room: RoomFixture;
  beforeAll(async () => {
    t = await startPollsApp();
    room = await buildRoom(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The check's outcome: the standing, or the error's code. */
  async function run(check: Check, who: Partial<AccessIdentity>, seminarId = room.seminarId): Promise<RoomStanding | string> {
    const caller = { ...identity(who), tokenExpiresAt: Math.floor(Date.now() / 1000) + 60 };
    const access = t.app.get(RoomAccess);
    const tenant = caller.companyId ? { companyId: caller.companyId } : { root: true as const, reason: 'test' };
    try {
      return await withTenant(t.database.dataSource, tenant, (m) => access[check](m, caller, seminarId));
    } catch (error) {
      // A catalogue error carries its code; the mfa refusal is a ForbiddenException with the code in its body.
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      const code = (error as { code?: unknown }).code ?? (response as { code?: string } | undefined)?.code;
      if (typeof code !== 'string') throw error;
      return code;
    }
  }
  const codeOf = (r: RoomStanding | string): string => (typeof r === 'string' ? r : 'ok');

  it('answers the matrix', async () => {
    const c = room.companyId;
    const cases: [string, Partial<AccessIdentity>, Record<Check, string>][] = [
      ['attendee', { companyId: c, userId: room.attendeeId, mfa: false }, { standing: 'ok', requireAttendee: 'ok', requireStaff: 'ROOM.NOT_STAFF', requireParticipant: 'ok' }],
      ['not registered', { companyId: c, userId: room.strangerId }, { standing: 'ok', requireAttendee: 'ROOM.NOT_ATTENDEE', requireStaff: 'ROOM.NOT_STAFF', requireParticipant: 'ROOM.NOT_ATTENDEE' }],
      ['presenter without mfa', { companyId: c, userId: room.presenterId, mfa: false }, { standing: 'ok', requireAttendee: 'ROOM.NOT_ATTENDEE', requireStaff: 'AUTH.MFA_REQUIRED', requireParticipant: 'AUTH.MFA_REQUIRED' }],
      ['presenter with mfa', { companyId: c, userId: room.presenterId }, { standing: 'ok', requireAttendee: 'ROOM.NOT_ATTENDEE', requireStaff: 'ok', requireParticipant: 'ok' }],
      ['moderator with mfa', { companyId: c, userId: room.moderatorId }, { standing: 'ok', requireAttendee: 'ROOM.NOT_ATTENDEE', requireStaff: 'ok', requireParticipant: 'ok' }],
      ['admin of the company', { companyId: c, role: 'admin' }, { standing: 'ok', requireAttendee: 'ROOM.NOT_ATTENDEE', requireStaff: 'ok', requireParticipant: 'ok' }],
      ['admin without mfa', { companyId: c, role: 'admin', mfa: false }, { standing: 'ok', requireAttendee: 'ROOM.NOT_ATTENDEE', requireStaff: 'AUTH.MFA_REQUIRED', requireParticipant: 'AUTH.MFA_REQUIRED' }],
      ['admin of another company', { companyId: randomUUID(), role: 'admin' }, { standing: 'SEMINAR.NOT_FOUND', requireAttendee: 'SEMINAR.NOT_FOUND', requireStaff: 'SEMINAR.NOT_FOUND', requireParticipant: 'SEMINAR.NOT_FOUND' }],
      ['the attendee id in another company', { companyId: randomUUID(), userId: room.attendeeId }, { standing: 'SEMINAR.NOT_FOUND', requireAttendee: 'SEMINAR.NOT_FOUND', requireStaff: 'SEMINAR.NOT_FOUND', requireParticipant: 'SEMINAR.NOT_FOUND' }],
      ['root', { role: 'root', elevated: true }, { standing: 'ROOM.NO_COMPANY', requireAttendee: 'ROOM.NO_COMPANY', requireStaff: 'ROOM.NO_COMPANY', requireParticipant: 'ROOM.NO_COMPANY' }],
    ];
    const answers: Record<string, Record<string, string>> = {};
    const expected: Record<string, Record<string, string>> = {};
    for (const [label, who, outcomes] of cases) {
      expected[label] = outcomes;
      answers[label] = {};
      for (const check of Object.keys(outcomes) as Check[]) answers[label][check] = codeOf(await run(check, who));
    }
    expect(answers).toEqual(expected);
  });

  it('answers 404 for a seminar that does not exist, like one of another company', async () => {
    expect(codeOf(await run('standing', { companyId: room.companyId, userId: room.attendeeId }, randomUUID()))).toBe('SEMINAR.NOT_FOUND');
  });

  it('gives the badge from grants, and none without mfa', async () => {
    const c = room.companyId;
    const badge = async (who: Partial<AccessIdentity>) => {
      const r = await run('standing', { companyId: c, ...who });
      return typeof r === 'string' ? r : badgeOf(r);
    };
    expect(await badge({ userId: room.attendeeId })).toBeNull();
    expect(await badge({ userId: room.presenterId })).toBe('presenter');
    expect(await badge({ userId: room.presenterId, mfa: false })).toBeNull();
    expect(await badge({ userId: room.moderatorId })).toBe('moderator');
    expect(await badge({ role: 'admin' })).toBe('admin');
  });
});
