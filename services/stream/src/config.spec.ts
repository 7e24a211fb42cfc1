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
    const sut = loadConfig(streamConfigSchema, {
      PLAYBACK_JWKS_URL: 'https://cms.example/cms/.well-known/jwks.json',
      MEDIA_INTERNAL_SECRET_FILE: '/run/secrets/media-internal',
      AUTH_INTERNAL_URL: 'https://auth.internal:3001',
    });
    expect(sut).toMatchObject({ RTMPS_PORT: 1936, PORT: 8444, HOST: '127.0.0.1' });
  });
});

describe('stream roles', () => {
  const jwks = {
    PLAYBACK_JWKS_URL: 'https://cms.example/cms/.well-known/jwks.json',
    MEDIA_INTERNAL_SECRET_FILE: '/run/secrets/media-internal',
    AUTH_INTERNAL_URL: 'https://auth.internal:3001',
  };

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

  it('needs the internal secret on every role, and auth\'s URL where viewers are served (fail closed)', () => {
    const variables = (env: Record<string, string>): string[] => {
      try {
        loadConfig(streamConfigSchema, env);
        return [];
      } catch (caught) {
        return (caught as ConfigError).issues.map((i) => i.variable);
      }
    };
    const { MEDIA_INTERNAL_SECRET_FILE: _secret, ...noSecret } = jwks;
    expect(variables({ ...noSecret, STREAM_ROLE: 'ingest' })).toEqual(['MEDIA_INTERNAL_SECRET_FILE']);
    const { AUTH_INTERNAL_URL: _auth, ...noAuth } = jwks;
    expect(variables(noAuth)).toEqual(['AUTH_INTERNAL_URL']);
    expect(variables({ ...noAuth, STREAM_ROLE: 'ingest' })).toEqual([]);
  });

  it('accepts only https origins', () => {
    expect(() => loadConfig(streamConfigSchema, { ...jwks, STREAM_ORIGIN_URL: 'http://ingest:8445' })).toThrow(ConfigError);
  });
});
