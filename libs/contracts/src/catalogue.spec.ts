import { eventSchemas } from './catalogue';
import { eventNames, type EventName } from './events';

const a = '5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11';
const b = '9b2e3c1d-0a4f-4b6e-8c7d-1e2f3a4b5c6d';
const c = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';
const at = '2026-11-27T10:00:00.000Z';
/** A P-256 coordinate's shape: 32 bytes, base64url. */
const coord = 'A'.repeat(43);

interface Example {
  valid: Record<string, unknown>;
  /** Each one breaks a single rule so a failure points at the rule that stopped working. */
  malformed: Array<[string, Record<string, unknown>]>;
}

const examples: { [N in EventName]: Example } = {
  'auth.session.revoked.v1': {
    valid: { sessionId: a, userId: b, revokedAt: at },
    malformed: [
      ['non-uuid session id', { sessionId: 'session-1', userId: b, revokedAt: at }],
      ['missing user id', { sessionId: a, revokedAt: at }],
    ],
  },
  'auth.user.revoked.v1': {
    valid: { userId: a, companyId: null, revokedAt: at, reason: 'account disabled' },
    malformed: [['non-ISO timestamp', { userId: a, companyId: null, revokedAt: 'yesterday' }]],
  },
  'auth.elevation.ended.v1': {
    valid: { elevationId: a, userId: b, sessionId: c, endedAt: at },
    malformed: [['missing session id', { elevationId: a, userId: b, endedAt: at }]],
  },
  'cms.company.created.v1': {
    valid: { companyId: a, name: 'Acme', createdAt: at },
    malformed: [
      ['empty name', { companyId: a, name: '', createdAt: at }],
      ['oversized name', { companyId: a, name: 'x'.repeat(201), createdAt: at }],
    ],
  },
  'cms.registration.created.v1': {
    valid: { registrationId: a, seminarId: b, companyId: c, userId: a, createdAt: at },
    malformed: [['numeric seminar id', { registrationId: a, seminarId: 42, companyId: c, userId: a, createdAt: at }]],
  },
  'cms.registration.cancelled.v1': {
    valid: { registrationId: a, seminarId: b, companyId: c, userId: a, cancelledAt: at },
    malformed: [['missing cancelledAt', { registrationId: a, seminarId: b, companyId: c, userId: a }]],
  },
  'cms.grant.changed.v1': {
    valid: { companyId: a, userId: b, seminarId: null, roles: ['presenter'], changedAt: at },
    malformed: [['roles not an array', { companyId: a, userId: b, seminarId: null, roles: 'presenter', changedAt: at }]],
  },
  'cms.seminar.scheduled.v1': {
    valid: { seminarId: a, companyId: b, title: 'Q4 results', startsAt: at, endsAt: null, scheduledAt: at },
    malformed: [['date without time', { seminarId: a, companyId: b, title: 'T', startsAt: '2026-11-27', endsAt: null, scheduledAt: at }]],
  },
  'cms.seminar.live.v1': {
    valid: { seminarId: a, companyId: b, liveAt: at },
    malformed: [['null company', { seminarId: a, companyId: null, liveAt: at }]],
  },
  'cms.seminar.ended.v1': {
    valid: { seminarId: a, companyId: b, endedAt: at },
    malformed: [['timestamp as epoch number', { seminarId: a, companyId: b, endedAt: 1764237600000 }]],
  },
  'cms.stream-key.rotated.v1': {
    valid: { seminarId: a, companyId: b, keyId: c, previousKeyId: null, rotatedAt: at },
    malformed: [['key material instead of key id', { seminarId: a, companyId: b, keyId: 'sk_live_abcdef', previousKeyId: null, rotatedAt: at }]],
  },
  'stream.started.v1': {
    valid: { seminarId: a, companyId: b, streamId: c, startedAt: at },
    malformed: [['missing stream id', { seminarId: a, companyId: b, startedAt: at }]],
  },
  'stream.ended.v1': {
    valid: { seminarId: a, companyId: b, streamId: c, endedAt: at, reason: 'publisher disconnected' },
    malformed: [['empty reason', { seminarId: a, companyId: b, streamId: c, endedAt: at, reason: '' }]],
  },
  'stream.viewer.joined.v1': {
    valid: { seminarId: a, companyId: b, userId: c, viewerSessionId: a, joinedAt: at },
    malformed: [['missing viewer session', { seminarId: a, companyId: b, userId: c, joinedAt: at }]],
  },
  'stream.viewer.left.v1': {
    valid: { seminarId: a, companyId: b, userId: c, viewerSessionId: a, leftAt: at },
    malformed: [['payload is not an object', ['not', 'an', 'object'] as unknown as Record<string, unknown>]],
  },
  'stream.viewer.count.v1': {
    valid: { seminarId: a, companyId: b, count: 0, at },
    malformed: [
      ['negative count', { seminarId: a, companyId: b, count: -1, at }],
      ['fractional count', { seminarId: a, companyId: b, count: 1.5, at }],
      ['edge id with a space', { seminarId: a, companyId: b, count: 1, at, edgeId: 'edge 1' }],
    ],
  },
  'stream.origin.announced.v1': {
    valid: { seminarId: a, companyId: b, streamId: c, originUrl: 'https://ingest-1.media.internal:8445', ttlSeconds: 30, announcedAt: at },
    malformed: [
      ['plain http origin', { seminarId: a, companyId: b, streamId: c, originUrl: 'http://ingest-1:8445', ttlSeconds: 30, announcedAt: at }],
      ['zero ttl', { seminarId: a, companyId: b, streamId: c, originUrl: 'https://ingest-1:8445', ttlSeconds: 0, announcedAt: at }],
    ],
  },
  'audit.event.recorded.v1': {
    valid: { actorId: null, companyId: a, action: 'seminar.scheduled', subject: b, at, details: { title: 'Q4', seats: 40, public: false } },
    malformed: [
      ['nested detail value', { actorId: null, companyId: null, action: 'x', at, details: { nested: { a: 1 } } }],
      ['token detail', { actorId: null, companyId: null, action: 'login', at, details: { accessToken: 'abc' } }],
      ['missing details', { actorId: null, companyId: null, action: 'login', at }],
    ],
  },
  'privacy.export.requested.v1': {
    valid: { requestId: a, userId: b, companyId: c, publicKey: { kty: 'EC', crv: 'P-256', x: coord, y: coord }, requestedAt: at },
    malformed: [
      ['private key in the public key', { requestId: a, userId: b, companyId: c, publicKey: { kty: 'EC', crv: 'P-256', x: coord, y: coord, d: coord }, requestedAt: at }],
      ['another curve', { requestId: a, userId: b, companyId: c, publicKey: { kty: 'EC', crv: 'P-384', x: coord, y: coord }, requestedAt: at }],
    ],
  },
  'privacy.export.part.v1': {
    valid: { requestId: a, companyId: c, service: 'auth', jwe: 'eyJhbGciOiJFQ0RILUVTIn0..aXY.Y2lwaGVy.dGFn', answeredAt: at },
    malformed: [
      ['plaintext instead of a JWE', { requestId: a, companyId: c, service: 'auth', jwe: '{"email":"a@example.com"}', answeredAt: at }],
      ['service name with a dot', { requestId: a, companyId: c, service: 'auth.users', jwe: 'eyJh..aXY.Y2lw.dGFn', answeredAt: at }],
    ],
  },
  'privacy.erasure.requested.v1': {
    valid: { requestId: a, userId: b, companyId: c, requestedAt: at },
    malformed: [['missing user', { requestId: a, companyId: c, requestedAt: at }]],
  },
  'privacy.erasure.completed.v1': {
    valid: { requestId: a, companyId: c, service: 'polls', outcome: 'nothing-held', completedAt: at },
    malformed: [['unknown outcome', { requestId: a, companyId: c, service: 'polls', outcome: 'maybe', completedAt: at }]],
  },
  'room.poll.opened.v1': {
    valid: { seminarId: a, companyId: b, pollId: c, kind: 'single', question: 'Which format next time?', options: [{ optionId: a, label: 'Workshop' }, { optionId: b, label: 'Talk' }], scale: null, closesAt: null, openedAt: at },
    malformed: [
      ['unknown kind', { seminarId: a, companyId: b, pollId: c, kind: 'ranking', question: 'q', options: [], scale: null, closesAt: null, openedAt: at }],
      ['scale above ten', { seminarId: a, companyId: b, pollId: c, kind: 'rating', question: 'q', options: [], scale: { min: 0, max: 11 }, closesAt: null, openedAt: at }],
    ],
  },
  'room.poll.closed.v1': {
    valid: { seminarId: a, companyId: b, pollId: c, closedAt: at },
    malformed: [['missing poll', { seminarId: a, companyId: b, closedAt: at }]],
  },
  'room.poll.results.v1': {
    valid: { seminarId: a, companyId: b, pollId: c, revision: 3, responses: 2, counts: { [a]: 1, [b]: 1 }, mean: null, final: false, at },
    malformed: [
      ['negative count', { seminarId: a, companyId: b, pollId: c, revision: 3, responses: 2, counts: { [a]: -1 }, mean: null, final: false, at }],
      ['fractional revision', { seminarId: a, companyId: b, pollId: c, revision: 1.5, responses: 0, counts: {}, mean: null, final: false, at }],
    ],
  },
  'room.questions.v1': {
    valid: { seminarId: a, companyId: b, revision: 1, questions: [{ questionId: c, text: 'Is it recorded?', askedBy: null, votes: 4, status: 'approved', answer: null, askedAt: at }], at },
    malformed: [['pending question in the audience queue', { seminarId: a, companyId: b, revision: 1, questions: [{ questionId: c, text: 'q', askedBy: null, votes: 0, status: 'pending', answer: null, askedAt: at }], at }]],
  },
  'room.chat.posted.v1': {
    valid: { seminarId: a, companyId: b, messageId: c, author: 'Ada', badge: null, text: 'Hello from Delft', postedAt: at },
    malformed: [['over-long message', { seminarId: a, companyId: b, messageId: c, author: 'Ada', badge: 'moderator', text: 'x'.repeat(501), postedAt: at }]],
  },
  'room.chat.deleted.v1': {
    valid: { seminarId: a, companyId: b, messageId: c, deletedAt: at },
    malformed: [['non-uuid message', { seminarId: a, companyId: b, messageId: 'm-1', deletedAt: at }]],
  },
  'room.chat.setting.v1': {
    valid: { seminarId: a, companyId: b, enabled: true, at },
    malformed: [['string flag', { seminarId: a, companyId: b, enabled: 'yes', at }]],
  },
};

describe('eventSchemas', () => {
  it('has an example for every event in the catalogue', () => {
    expect(Object.keys(examples).sort()).toEqual([...eventNames].sort());
    expect(Object.keys(eventSchemas).sort()).toEqual([...eventNames].sort());
  });

  describe.each(eventNames.map((name) => [name] as const))('%s', (name) => {
    const schema = eventSchemas[name];
    const { valid, malformed } = examples[name];

    it('accepts a well-formed payload', () => {
      expect(schema.safeParse(valid).success).toBe(true);
    });

    it.each(malformed)('rejects a payload with %s', (_label, payload) => {
      expect(schema.safeParse(payload).success).toBe(false);
    });

    it('strips unknown fields so producers can add optional ones', () => {
      const parsed = schema.parse({ ...valid, addedLater: 'x' });
      expect(parsed).not.toHaveProperty('addedLater');
    });
  });
});
