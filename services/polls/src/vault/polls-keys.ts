// polls's master key set for the live room's personal data, in `<dataDir>/keys/polls-room.json`:
// generated at first start, or supplied by the operator in the same shape (as cms's `people`). It
// only wraps the company keys; nothing is sealed under it directly.
import type { Provider } from '@nestjs/common';
import { type KeySet, loadOrCreateKeySet } from '@webinar/security';
import { join } from 'node:path';

export const POLLS_MASTER_KEYS = Symbol('polls:master-keys');
export const POLLS_MASTER_KEY_SET = 'polls-room';

export function loadPollsMasterKeys(dataDir: string): Promise<KeySet> {
  return loadOrCreateKeySet({ dir: join(dataDir, 'keys'), name: POLLS_MASTER_KEY_SET, use: 'enc' });
}

export function pollsMasterKeysProvider(dataDir: string): Provider {
  return { provide: POLLS_MASTER_KEYS, useFactory: () => loadPollsMasterKeys(dataDir) };
}
