import { Events, type EventName } from '@webinar/contracts';
import { thrownBy } from '../test/support/events';
import { DEFAULT_DELIVERY_LIMIT, DEFAULT_PREFETCH, resolveConsumer } from './message-bus';

describe('resolveConsumer', () => {
  it('fills in the defaults', () => {
    expect(resolveConsumer({ queue: 'cms.live', events: [Events.SeminarLive] })).toEqual({
      queue: 'cms.live',
      events: new Set([Events.SeminarLive]),
      deliveryLimit: DEFAULT_DELIVERY_LIMIT,
      prefetch: DEFAULT_PREFETCH,
    });
  });

  it.each([
    ['an empty queue name', { queue: '', events: [Events.SeminarLive] }, 'INVALID_CONSUMER'],
    ['a broker-reserved queue name', { queue: 'amq.mine', events: [Events.SeminarLive] }, 'INVALID_CONSUMER'],
    ['no events', { queue: 'q', events: [] }, 'INVALID_CONSUMER'],
    ['an unknown event', { queue: 'q', events: ['cms.nope.v1' as EventName] }, 'UNKNOWN_EVENT'],
    ['a negative delivery limit', { queue: 'q', events: [Events.SeminarLive], deliveryLimit: -1 }, 'INVALID_CONSUMER'],
    ['a zero prefetch', { queue: 'q', events: [Events.SeminarLive], prefetch: 0 }, 'INVALID_CONSUMER'],
  ])('refuses %s', (_label, options, code) => {
    expect(thrownBy(() => resolveConsumer(options))).toMatchObject({ code });
  });
});
