import { z } from 'zod';
import { csvList, port, url } from './fields';
import { loadConfig } from './load-config';
import { redactedConfig, SECRET_PLACEHOLDER } from './redacted-config';
import { isSecret, secret } from './secret';

describe('redactedConfig', () => {
  const schema = z.object({
    PORT: port(3000),
    DATABASE_URL: secret(url(['postgres'])),
    JWT_SECRET: secret(z.string().min(1)),
    COOKIE_KEY: secret(z.string()).default('dev-only-cookie-key'),
    AMQP_URL: url(['amqp']),
    ORIGINS: csvList(),
    OPTIONAL: z.string().optional(),
  });
  const env = {
    DATABASE_URL: 'postgres://app:pg-password-9@db:5432/app',
    JWT_SECRET: 'jwt-secret-value-123',
    AMQP_URL: 'amqp://guest:amqp-password-7@bus:5672',
    ORIGINS: 'https://a.example,https://b.example',
  };

  it('shows secrets as [secret] and everything else as text', () => {
    const sut = redactedConfig(schema, loadConfig(schema, env));

    expect(sut).toEqual({
      PORT: '3000',
      DATABASE_URL: SECRET_PLACEHOLDER,
      JWT_SECRET: SECRET_PLACEHOLDER,
      COOKIE_KEY: SECRET_PLACEHOLDER,
      AMQP_URL: 'amqp://guest:***@bus:5672',
      ORIGINS: 'https://a.example,https://b.example',
      OPTIONAL: '(unset)',
    });
  });

  it('never prints a secret value, even a default one or a password inside an unmarked URL', () => {
    const printed = JSON.stringify(redactedConfig(schema, loadConfig(schema, env)));

    for (const value of ['pg-password-9', 'jwt-secret-value-123', 'dev-only-cookie-key', 'amqp-password-7']) {
      expect(printed).not.toContain(value);
    }
  });
});

describe('secret', () => {
  it('returns the schema it marks, so the field still parses', () => {
    const field = z.string().min(2);

    expect(secret(field)).toBe(field);
    expect(field.safeParse('ab').success).toBe(true);
  });

  it('stays attached through describe, refine and default', () => {
    expect(isSecret(secret(z.string()).describe('a token'))).toBe(true);
    expect(isSecret(secret(z.string()).refine((value) => value.length > 3))).toBe(true);
    expect(isSecret(secret(z.string()).default('x'))).toBe(true);
  });

  it('does not mark other schemas', () => {
    secret(z.string());

    expect(isSecret(z.string())).toBe(false);
    expect(isSecret(port(1))).toBe(false);
  });
});
