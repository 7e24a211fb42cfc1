import { resolvePlaybackSettings } from './playback-settings';

describe('resolvePlaybackSettings', () => {
  it('defaults to 5-minute tokens and the standalone edge', () => {
    expect(resolvePlaybackSettings({})).toEqual({ ttlSeconds: 300, edgeOrigin: 'https://localhost:8444' });
  });

  it('keeps only the origin of the edge URL', () => {
    expect(resolvePlaybackSettings({ ttlSeconds: 15, edgeUrl: 'https://media.example/' })).toEqual({
      ttlSeconds: 15,
      edgeOrigin: 'https://media.example',
    });
  });

  it.each([9, 301, 12.5, Number.NaN])('refuses a lifetime of %s seconds', (ttlSeconds) => {
    expect(() => resolvePlaybackSettings({ ttlSeconds })).toThrow(RangeError);
  });

  it('refuses a plain-http edge', () => {
    expect(() => resolvePlaybackSettings({ edgeUrl: 'http://media.example' })).toThrow(/https/);
  });
});
