// What the live room shows its audience, published by polls and fanned out by the media edge's live
// channel to the viewers of one seminar. Each event carries only what every entitled viewer of that
// room sees anyway (aggregates, approved questions, chat as posted): moderator-only data (pending
// questions, named results, who voted what) never travels on these events. Shown names are the names
// the room displays, already resolved by polls ("anonymous" questions carry none).
//
// Snapshot events (`room.poll.results`, `room.questions`) carry the complete current state, not a
// delta, so an edge that joins late, misses one or receives two converges by replacing what it holds;
// `revision` orders them (a lower revision than the last one seen is stale and dropped).
import { z } from 'zod';
import { id, text, timestamp } from './primitives';

export const ROOM_LIMITS = Object.freeze({
  pollQuestion: 500,
  pollOption: 200,
  pollOptions: 20,
  questionText: 1000,
  answerText: 2000,
  chatText: 500,
  shownName: 200,
  /** Approved questions a `room.questions` snapshot carries, best voted first. */
  queue: 50,
});

export const POLL_KINDS = ['single', 'multiple', 'rating', 'text'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

const roomScope = { seminarId: id, companyId: id };

/**
 * Set by polls from the author's grants, never by the client: a shown name is the author's choice,
 * so the badge is what tells the audience a message really comes from the seminar's staff.
 */
export const ROOM_BADGES = ['presenter', 'moderator', 'admin'] as const;
const badge = z.enum(ROOM_BADGES).nullable();
const revision = z.int().min(0);

export const roomPollOptionSchema = z.object({ optionId: id, label: text(ROOM_LIMITS.pollOption) });

/** A poll opened to the audience: what the attendee's ballot shows. */
export const roomPollOpenedSchema = z.object({
  ...roomScope,
  pollId: id,
  kind: z.enum(POLL_KINDS),
  question: text(ROOM_LIMITS.pollQuestion),
  options: z.array(roomPollOptionSchema).max(ROOM_LIMITS.pollOptions),
  /** rating polls: the scale, e.g. 1..5 or 0..10. */
  scale: z.object({ min: z.int().min(0).max(1), max: z.int().min(2).max(10) }).nullable(),
  /** Set when the poll closes itself (a countdown); null when a moderator closes it. */
  closesAt: timestamp.nullable(),
  openedAt: timestamp,
});

export const roomPollClosedSchema = z.object({
  ...roomScope,
  pollId: id,
  closedAt: timestamp,
});

/**
 * The audience's view of a poll's results, coalesced by polls (a few per second per poll at most).
 * Only published for polls whose results are shown to the audience; free-text answers are never in it.
 */
export const roomPollResultsSchema = z.object({
  ...roomScope,
  pollId: id,
  revision,
  responses: z.int().min(0),
  /** Count per option id (choice polls) or per scale value as a string (rating polls). */
  counts: z.record(z.string().max(64), z.int().min(0)),
  /** rating polls: the mean, null without responses or for other kinds. */
  mean: z.number().nullable(),
  final: z.boolean(),
  at: timestamp,
});

export const roomQuestionSchema = z.object({
  questionId: id,
  text: text(ROOM_LIMITS.questionText),
  /** Null when the asker chose to be anonymous to the audience. */
  askedBy: text(ROOM_LIMITS.shownName).nullable(),
  votes: z.int().min(0),
  status: z.enum(['approved', 'answered']),
  /** A moderator's written answer, when there is one. */
  answer: text(ROOM_LIMITS.answerText).nullable(),
  askedAt: timestamp,
});

/** The approved question queue as the audience sees it, best voted first, at most ROOM_LIMITS.queue. */
export const roomQuestionsSchema = z.object({
  ...roomScope,
  revision,
  questions: z.array(roomQuestionSchema).max(ROOM_LIMITS.queue),
  at: timestamp,
});

export const roomChatPostedSchema = z.object({
  ...roomScope,
  messageId: id,
  author: text(ROOM_LIMITS.shownName),
  badge,
  text: text(ROOM_LIMITS.chatText),
  postedAt: timestamp,
});

/** A moderator removed a message: clients drop it from what they show. */
export const roomChatDeletedSchema = z.object({
  ...roomScope,
  messageId: id,
  deletedAt: timestamp,
});

/** Chat switched on or off for the room (a per-seminar setting, off by default). */
export const roomChatSettingSchema = z.object({
  ...roomScope,
  enabled: z.boolean(),
  at: timestamp,
});
