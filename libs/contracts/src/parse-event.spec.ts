import { Events } from './events';
import { parseEvent } from './parse-event';

const payload = { seminarId: '5d0f1e4e-6d63-4c4e-9a7e-3f1f0c2b8a11', companyId: '9b2e3c1d-0a4f-4b6e-8c7d-1e2f3a4b5c6d', liveAt: '2026-11-27T10:00:00.000Z' };

describe('parseEvent', () => {
  it('returns the typed payload for a known, valid event', () => {
    const sut = parseEvent('cms.seminar.live.v1', { ...payload, extra: 1 });
    expect(sut).toEqual({ ok: true, name: Events.SeminarLive, payload });
    if (sut.ok && sut.name === Events.SeminarLive) {
      // Compiles only because narrowing on the name narrows the payload.
      expect(sut.payload.liveAt).toBe(payload.liveAt);
    }
  });

  it('rejects an unknown event name', () => {
    const sut = parseEvent('cms.seminar.live.v7', payload);
    expect(sut).toEqual({ ok: false, reason: 'unknown event name "cms.seminar.live.v7"' });
  });

  it('explains which field is wrong without echoing its value', () => {
    const sut = parseEvent(Events.SeminarLive, { ...payload, companyId: 'secret-looking-value' });
    expect(sut.ok).toBe(false);
    if (!sut.ok) {
      expect(sut.reason).toContain('companyId');
      expect(sut.reason).not.toContain('secret-looking-value');
    }
  });

  it('rejects a non-object payload', () => {
    expect(parseEvent(Events.SeminarLive, 'nope').ok).toBe(false);
    expect(parseEvent(Events.SeminarLive, null).ok).toBe(false);
  });
});
