// cms's secret keys for personal data, one key set per purpose (as auth does for e-mail addresses):
// `people` holds the master keys personal fields are sealed under (per person via HKDF and the
// person's salt), `people-index` keys the blind index of contact e-mail addresses. Both live in
// `<dataDir>/keys/` beside the media key set: generated at first start, or supplied by the operator
// in the same shape.
import type { Provider } from '@nestjs/common';
import { type KeySet, loadOrCreateKeySet } from '@webinar/security';
import { join } from 'node:path';
import type { CmsModuleOptions } from '../cms.options';

export interface PeopleKeys {
  fields: KeySet;
  emailIndex: KeySet;
}

export const PEOPLE_KEYS = Symbol('cms:people-keys');

export async function loadPeopleKeys(dataDir: string): Promise<PeopleKeys> {
  const dir = join(dataDir, 'keys');
  const [fields, emailIndex] = await Promise.all([
    loadOrCreateKeySet({ dir, name: 'people', use: 'enc' }),
    loadOrCreateKeySet({ dir, name: 'people-index', use: 'enc' }),
  ]);
  return { fields, emailIndex };
}

export function peopleKeysProvider(opts: Pick<CmsModuleOptions, 'dataDir'>): Provider {
  return { provide: PEOPLE_KEYS, useFactory: () => loadPeopleKeys(opts.dataDir) };
}
