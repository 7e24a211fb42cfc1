// auth's secret key sets besides the access-token signing keys, one per purpose so that no key ever
// serves two: `links` encrypts login and invitation links (JWE dir+A256GCM), `fields` is the master
// key of e-mail encryption, `email-index` keys the blind index used to find a user by address.
import { type Provider } from '@nestjs/common';
import { type KeySet, loadOrCreateKeySet } from '@webinar/security';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';

export interface AuthKeys {
  links: KeySet;
  fields: KeySet;
  emailIndex: KeySet;
}

export const AUTH_KEYS = Symbol('AUTH_KEYS');

export async function loadAuthKeys(dir: string): Promise<AuthKeys> {
  const [links, fields, emailIndex] = await Promise.all([
    loadOrCreateKeySet({ dir, name: 'links', use: 'enc' }),
    loadOrCreateKeySet({ dir, name: 'fields', use: 'enc' }),
    loadOrCreateKeySet({ dir, name: 'email-index', use: 'enc' }),
  ]);
  return { links, fields, emailIndex };
}

export const authKeysProvider: Provider = {
  provide: AUTH_KEYS,
  useFactory: (settings: AuthSettings) => loadAuthKeys(settings.keysDir),
  inject: [AUTH_SETTINGS],
};
