import type { KeySet } from '@webinar/security';
import type { JWTVerifyGetKey } from 'jose';

/** The keys that verify cms's stream keys and playback tokens: a KeySet (standalone, tests) or cms's JWKS. */
export type MediaKeys = KeySet | JWTVerifyGetKey;
