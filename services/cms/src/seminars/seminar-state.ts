// The seminar life cycle as a pure function, so every legal and illegal move is unit-tested apart
// from the database: draft → scheduled → live → ended → archived. A scheduled seminar may go back
// to draft (unpublished) or be archived (cancelled); a draft may be archived (discarded).
export const SEMINAR_STATES = ['draft', 'scheduled', 'live', 'ended', 'archived'] as const;
export type SeminarState = (typeof SEMINAR_STATES)[number];

const LEGAL: Readonly<Record<SeminarState, readonly SeminarState[]>> = {
  draft: ['scheduled', 'archived'],
  scheduled: ['live', 'draft', 'archived'],
  live: ['ended'],
  ended: ['archived'],
  archived: [],
};

export function canTransition(from: SeminarState, to: SeminarState): boolean {
  return LEGAL[from].includes(to);
}

/**
 * Reopening is its own event, not a transition: a seminar the stream lifecycle ended (a presenter's
 * crash outlasting the reconnect grace window ends it, see stream-lifecycle.consumer.ts) goes back to
 * `scheduled`, ready to go live again. Only from `ended`; the route adds who may and until when.
 */
export function canReopen(from: SeminarState): boolean {
  return from === 'ended';
}

export function allowedTransitions(from: SeminarState): readonly SeminarState[] {
  return LEGAL[from];
}

/** Content (title, schedule, capacity) may change until the seminar goes live. */
export function isEditable(state: SeminarState): boolean {
  return state === 'draft' || state === 'scheduled';
}

/** Viewers may register while the seminar is announced or running. */
export function acceptsRegistrations(state: SeminarState): boolean {
  return state === 'scheduled' || state === 'live';
}

/** What prospects and customers may see; drafts and archived seminars are the admin's business. */
export function isVisibleToAudience(state: SeminarState): boolean {
  return state === 'scheduled' || state === 'live' || state === 'ended';
}
