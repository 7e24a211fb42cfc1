import { ConfigError, loadConfig } from '@webinar/config';
import { authSettings, authSettingsEnv } from './config';

const settingsFrom = (env: Record<string, string>) =>
  authSettings(loadConfig(authSettingsEnv, { PUBLIC_URL: 'https://webinar.example.nl/app', ...env }), { dataDir: '/srv/webinar' });

describe('auth settings: parsed, defaulted and bounded in config.ts only', () => {
  it('gives a deployment that sets only PUBLIC_URL the documented defaults', () => {
    expect(settingsFrom({})).toEqual({
      publicOrigin: 'https://webinar.example.nl',
      keysDir: '/srv/webinar/keys',
      mailboxDir: '/srv/webinar/mailbox',
      rootEmail: 'root@localhost',
      rootLinkFile: undefined,
      smtpUrl: undefined,
      mailFrom: 'webinar@webinar.example.nl',
      loginLinkTtlSeconds: 600,
      invitationTtlSeconds: 72 * 3600,
      sessionIdleSeconds: 1800,
      sessionAbsoluteSeconds: 12 * 3600,
      rateLimitPerAddress: 30,
      rateLimitPerAccount: 5,
      passwordBackoffBaseSeconds: 1,
      elevationMaxSeconds: 8 * 3600,
      breakGlassSecretFile: undefined,
      breakGlassMaxSeconds: 3600,
      elevationSweepSeconds: 30,
      campaignSignupTtlSeconds: 3600,
    });
  });

  it('never lets break-glass outlast the longest elevation', () => {
    expect(settingsFrom({ ELEVATION_MAX_SECONDS: '600', BREAK_GLASS_MAX_SECONDS: '3600' }).breakGlassMaxSeconds).toBe(600);
  });

  it.each([
    ['LOGIN_LINK_TTL', '601'],
    ['SESSION_IDLE_TIMEOUT', '0'],
    ['ELEVATION_MAX_SECONDS', String(8 * 3600 + 1)],
    ['RATE_LIMIT_PER_ADDRESS', 'many'],
    ['PASSWORD_BACKOFF_BASE_SECONDS', '61'],
  ])('refuses %s=%s at start, naming the variable (no silent clamp)', (variable, value) => {
    expect(() => settingsFrom({ [variable]: value })).toThrow(ConfigError);
    expect(() => settingsFrom({ [variable]: value })).toThrow(new RegExp(variable));
  });

  it('refuses a PUBLIC_URL that is not https', () => {
    expect(() => authSettings(loadConfig(authSettingsEnv, { PUBLIC_URL: 'http://webinar.example.nl' }), { dataDir: '/d' })).toThrow(/PUBLIC_URL/);
  });
});
