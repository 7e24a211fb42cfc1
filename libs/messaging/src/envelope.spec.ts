import { Events } from '@webinar/contracts';
import { seminarLive, thrownBy } from '../test/support/events';
import { createEnvelope } from './envelope';

describe('createEnvelope', () => {
  it('assigns a UUID and the current time unless given', () => {
    const sut = createEnvelope(Events.SeminarLive, seminarLive());
    expect(sut.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(sut.occurredAt)).toBeLessThanOrEqual(Date.now());
  });

  it('strips fields the contract does not know', () => {
    const payload = { ...seminarLive(), internalNote: 'x' };
    expect(createEnvelope(Events.SeminarLive, payload).payload).not.toHaveProperty('internalNote');
  });

  it.each([
    ['an unknown event', () => createEnvelope('cms.nope.v1' as typeof Events.SeminarLive, seminarLive()), 'UNKNOWN_EVENT'],
    ['a non-UUID id', () => createEnvelope(Events.SeminarLive, seminarLive(), { id: 'msg-1' }), 'INVALID_ENVELOPE'],
    ['a bad timestamp', () => createEnvelope(Events.SeminarLive, seminarLive(), { occurredAt: 'today' }), 'INVALID_ENVELOPE'],
  ])('refuses %s', (_label, build, code) => {
    expect(thrownBy(build)).toMatchObject({ code });
  });
});
