import { ConfigError, loadConfig } from '@webinar/config';
import { streamConfigSchema } from './config';

describe('stream configuration', () => {
  it('names a missing playback key set URL and what it expects', () => {
    let error: unknown;
    try {
      loadConfig(streamConfigSchema, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.variable)).toContain('PLAYBACK_JWKS_URL');
  });

  it('defaults to RTMPS on 1936 and the edge on 8444, bound to loopback', () => {
    const sut = loadConfig(streamConfigSchema, { PLAYBACK_JWKS_URL: 'https://cms.example/cms/.well-known/jwks.json' });
    expect(sut).toMatchObject({ RTMPS_PORT: 1936, PORT: 8444, HOST: '127.0.0.1' });
  });
});

describe('stream roles', () => {
  const jwks = { PLAYBACK_JWKS_URL: 'https://cms.example/cms/.well-known/jwks.json' };

  it('runs ingest and edge in one process unless told otherwise', () => {
    expect(loadConfig(streamConfigSchema, jwks).STREAM_ROLE).toBe('all');
  });

  it('refuses an edge without the origin secret, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig(streamConfigSchema, { ...jwks, STREAM_ROLE: 'edge' });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).issues.map((i) => i.variable)).toEqual(['ORIGIN_SECRET_FILE']);
  });

  it('accepts only https origins', () => {
    expect(() => loadConfig(streamConfigSchema, { ...jwks, STREAM_ORIGIN_URL: 'http://ingest:8445' })).toThrow(ConfigError);
  });
});
