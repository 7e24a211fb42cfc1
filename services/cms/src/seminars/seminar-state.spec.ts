import { acceptsRegistrations, canReopen, canTransition, isEditable, SEMINAR_STATES, type SeminarState } from './seminar-state';

describe('seminar state machine', () => {
  const legal: [SeminarState, SeminarState][] = [
    ['draft', 'scheduled'],
    ['draft', 'archived'],
    ['scheduled', 'live'],
    ['scheduled', 'draft'],
    ['scheduled', 'archived'],
    ['live', 'ended'],
    ['ended', 'archived'],
  ];

  it.each(legal)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('refuses every other move, including staying put', () => {
    const isLegal = (from: SeminarState, to: SeminarState) => legal.some(([f, t]) => f === from && t === to);
    const refused = SEMINAR_STATES.flatMap((from) => SEMINAR_STATES.map((to) => [from, to] as const)).filter(
      ([from, to]) => !isLegal(from, to),
    );
    expect(refused).toHaveLength(25 - legal.length);
    for (const [from, to] of refused) expect(canTransition(from, to)).toBe(false);
  });

  it('never leaves archived and never returns to live', () => {
    for (const to of SEMINAR_STATES) expect(canTransition('archived', to)).toBe(false);
    for (const from of SEMINAR_STATES) if (from !== 'scheduled') expect(canTransition(from, 'live')).toBe(false);
  });

  it('lets content change only before going live and registrations only while announced or live', () => {
    expect(SEMINAR_STATES.filter(isEditable)).toEqual(['draft', 'scheduled']);
    expect(SEMINAR_STATES.filter(acceptsRegistrations)).toEqual(['scheduled', 'live']);
  });

  it('reopens only an ended seminar, and only through the reopen event: a transition never goes back from ended', () => {
    expect(SEMINAR_STATES.filter(canReopen)).toEqual(['ended']);
    expect(canTransition('ended', 'scheduled')).toBe(false);
    expect(canTransition('ended', 'live')).toBe(false);
    // Once reopened, the usual moves apply again: the stream takes it live, or the admin archives it.
    expect(canTransition('scheduled', 'live')).toBe(true);
    expect(canTransition('scheduled', 'archived')).toBe(true);
  });
});
