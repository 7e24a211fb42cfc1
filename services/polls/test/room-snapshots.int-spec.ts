// The coalescer: many changes of one poll between two flushes make one room.poll.results, with a
// revision that only grows; a source that answers null publishes nothing.
import { Events } from '@webinar/contracts';
import { randomUUID } from 'node:crypto';
import { RoomSnapshots } from '../src/room/room-snapshots';
import { eventually, type PollsTestApp, startPollsApp } from './support/polls-app';

describe('room snapshots', () => {
  let t: PollsTestApp;
  beforeAll(async () => {
    t = await startPollsApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('coalesces changes into one snapshot per flush with increasing revisions', async () => {
    const snapshots = t.app.get(RoomSnapshots);
    const room = { companyId: randomUUID(), seminarId: randomUUID() };
    const pollId = randomUUID();
    const hidden = randomUUID();
    let responses = 0;
    snapshots.providePollResults(async (_manager, _room, id) => (id === hidden ? null : { responses, counts: { a: responses }, mean: null, final: false }));
    snapshots.provideQuestions(async () => ({ questions: [] }));
    const events = await t.record([Events.RoomPollResults, Events.RoomQuestions]);
    for (let i = 0; i < 500; i++) {
      responses += 1;
      snapshots.pollChanged(room, pollId);
      snapshots.pollChanged(room, hidden);
    }
    snapshots.questionsChanged(room);
    await snapshots.flush();
    responses += 1;
    snapshots.pollChanged(room, pollId);
    await snapshots.flush();
    await eventually(() => expect(events).toHaveLength(3));
    const results = events.filter((e) => e.name === Events.RoomPollResults).map((e) => e.payload);
    expect(results.map((r) => [r['pollId'], r['revision'], r['responses']])).toEqual([
      [pollId, 1, 500],
      [pollId, 2, 501],
    ]);
    expect(events.filter((e) => e.name === Events.RoomQuestions).map((e) => e.payload['revision'])).toEqual([1]);
  });
});
