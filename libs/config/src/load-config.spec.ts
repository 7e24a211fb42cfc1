import { z } from 'zod';
import { ConfigError } from './config-error';
import {
  booleanFlag,
  csvList,
  dataDir,
  durationSeconds,
  host,
  logLevel,
  optionalUrl,
  port,
  url,
} from './fields';
import { loadConfig } from './load-config';
import { secret } from './secret';

const schema = z.object({
  PORT: port(3000),
  HOST: host(),
  AMQP_URL: url(['amqp', 'amqps']),
  DATABASE_URL: secret(url(['postgres', 'postgresql'])),
  OTLP_URL: optionalUrl(['http', 'https']),
  DATA_DIR: dataDir(),
  LOG_LEVEL: logLevel(),
  SESSION_TTL: durationSeconds(3600, { max: 86_400 }),
  SECURE_COOKIES: booleanFlag(true),
  ALLOWED_ORIGINS: csvList(),
  SIGNING_KEY: secret(z.string().min(32)).describe('a random string of at least 32 characters'),
});

const validEnv = {
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
  DATABASE_URL: 'postgres://app:db-password-1@127.0.0.1:5432/app',
  SIGNING_KEY: 'k'.repeat(40),
};

function loadError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
  it('applies defaults for unset variables', () => {
    const sut = loadConfig(schema, validEnv);

    expect(sut).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      AMQP_URL: validEnv.AMQP_URL,
      DATABASE_URL: validEnv.DATABASE_URL,
      OTLP_URL: undefined,
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      SESSION_TTL: 3600,
      SECURE_COOKIES: true,
      ALLOWED_ORIGINS: [],
      SIGNING_KEY: validEnv.SIGNING_KEY,
    });
  });

  it('treats an empty variable as unset', () => {
    const sut = loadConfig(schema, { ...validEnv, PORT: '', LOG_LEVEL: '  ' });

    expect(sut.PORT).toBe(3000);
    expect(sut.LOG_LEVEL).toBe('info');
  });

  it('coerces numbers, booleans and lists from strings', () => {
    const sut = loadConfig(schema, {
      ...validEnv,
      PORT: '8443',
      SESSION_TTL: '60',
      SECURE_COOKIES: 'false',
      ALLOWED_ORIGINS: ' https://a.example , https://b.example,,',
      OTLP_URL: 'http://127.0.0.1:4318',
    });

    expect(sut.PORT).toBe(8443);
    expect(sut.SESSION_TTL).toBe(60);
    expect(sut.SECURE_COOKIES).toBe(false);
    expect(sut.ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(sut.OTLP_URL).toBe('http://127.0.0.1:4318');
  });

  it.each([
    ['1', true],
    ['YES', true],
    ['on', true],
    ['0', false],
    ['No', false],
    ['off', false],
  ])('reads the boolean flag %s as %s', (raw, expected) => {
    expect(loadConfig(schema, { ...validEnv, SECURE_COOKIES: raw }).SECURE_COOKIES).toBe(expected);
  });

  it('names a missing variable and what it expects', () => {
    const error = loadError({ ...validEnv, AMQP_URL: undefined });

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues).toEqual([
      { variable: 'AMQP_URL', expected: 'an amqp:// or amqps:// URL (not set)' },
    ]);
    expect(error.message).toContain('AMQP_URL: expected an amqp:// or amqps:// URL');
  });

  it('reports every bad variable at once', () => {
    const error = loadError({
      AMQP_URL: 'http://127.0.0.1:5672',
      PORT: 'eighty',
      HOST: 'not a host!',
      LOG_LEVEL: 'loud',
      SESSION_TTL: '100000',
      SECURE_COOKIES: 'maybe',
      OTLP_URL: 'ftp://collector',
    });

    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(
      [
        'AMQP_URL',
        'DATABASE_URL',
        'HOST',
        'LOG_LEVEL',
        'OTLP_URL',
        'PORT',
        'SECURE_COOKIES',
        'SESSION_TTL',
        'SIGNING_KEY',
      ].sort(),
    );
    expect(error.message).toContain('PORT: expected an integer TCP port from 0 to 65535');
    expect(error.message).toContain('SESSION_TTL: expected a whole number of seconds from 1 to 86400');
    expect(error.message).toContain(
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent',
    );
    expect(error.message).toContain('SECURE_COOKIES: expected a boolean');
    expect(error.message).toContain('HOST: expected a hostname or an IP address');
    expect(error.message).toContain('OTLP_URL: expected an http:// or https:// URL, or nothing');
  });

  it('never includes a received value in the error, secret or not', () => {
    const leakedSecret = 'short-secret-value';
    const badUrl = 'mysql://root:hunter2@db';
    const error = loadError({
      ...validEnv,
      SIGNING_KEY: leakedSecret,
      DATABASE_URL: badUrl,
      AMQP_URL: 'amqp-is-not-a-url',
    });

    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'AMQP_URL',
      'DATABASE_URL',
      'SIGNING_KEY',
    ]);
    const everything = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error.issues)}`;
    expect(everything).not.toContain(leakedSecret);
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain('amqp-is-not-a-url');
  });

  it('reads only the variables the schema names', () => {
    const sut = loadConfig(schema, { ...validEnv, UNRELATED: 'x' });

    expect(Object.keys(sut)).not.toContain('UNRELATED');
  });

  it('falls back to zod’s message for a field without a description', () => {
    const error = (() => {
      try {
        loadConfig(z.object({ COUNT: z.coerce.number().int() }), { COUNT: 'many' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { variable: 'COUNT', expected: expect.stringContaining('expected number') },
    ]);
    expect((error as ConfigError).message).not.toContain('many');
  });
});
