import { ConfigError, loadConfig } from '@webinar/config';
import { cmsSettings, cmsSettingsEnv } from './config';

const settingsFrom = (env: Record<string, string>) => cmsSettings(loadConfig(cmsSettingsEnv, env));

describe('cms settings: parsed, defaulted and bounded in config.ts only', () => {
  it('defaults to 5-minute playback tokens, the standalone edge and ingest', () => {
    expect(settingsFrom({})).toEqual({
      mediaRtmpsUrl: 'rtmps://localhost:1936/live',
      playback: { ttlSeconds: 300, edgeOrigin: 'https://localhost:8444' },
    });
  });

  it('keeps only the origin of the edge URL', () => {
    expect(settingsFrom({ PLAYBACK_TOKEN_TTL_SECONDS: '15', MEDIA_EDGE_URL: 'https://media.example/' }).playback).toEqual({
      ttlSeconds: 15,
      edgeOrigin: 'https://media.example',
    });
  });

  it.each(['9', '301', '12.5', 'soon'])('refuses a playback token lifetime of %s seconds, naming the variable', (ttl) => {
    expect(() => settingsFrom({ PLAYBACK_TOKEN_TTL_SECONDS: ttl })).toThrow(ConfigError);
    expect(() => settingsFrom({ PLAYBACK_TOKEN_TTL_SECONDS: ttl })).toThrow(/PLAYBACK_TOKEN_TTL_SECONDS/);
  });

  it('refuses a plain-http edge: a playback token never travels in clear', () => {
    expect(() => settingsFrom({ MEDIA_EDGE_URL: 'http://media.example' })).toThrow(/MEDIA_EDGE_URL/);
  });
});
