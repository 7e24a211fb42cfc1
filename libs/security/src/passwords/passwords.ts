// Password storage: argon2id at OWASP's minimum profile (19 MiB, 2 passes, 1 lane). Hashes made with
// weaker parameters keep verifying; `needsRehash` tells the login flow to upgrade them.
import { argon2id, hash, verify } from 'argon2';

export const PASSWORD_HASH_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const ARGON2_VERSION = 0x13;

export interface PasswordHashParams {
  algorithm: string;
  version: number;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

// PHC string: $argon2id$v=19$m=19456,p=1,t=2$<salt>$<hash> (the parameter order varies by library).
const ENCODED = /^\$(argon2(?:id|i|d))\$v=(\d+)\$([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** Parameters read from a PHC-encoded argon2 hash, or undefined when it is not one. */
export function readPasswordHashParams(encoded: string): PasswordHashParams | undefined {
  const match = ENCODED.exec(encoded);
  if (!match) return undefined;
  const [, algorithm, version, list] = match as unknown as [string, string, string, string];
  const params = new Map(list.split(',').map((pair) => pair.split('=') as [string, string]));
  const m = params.get('m');
  const t = params.get('t');
  const p = params.get('p');
  if (m === undefined || t === undefined || p === undefined) return undefined;
  return {
    algorithm,
    version: Number(version),
    memoryCost: Number(m),
    timeCost: Number(t),
    parallelism: Number(p),
  };
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, { type: argon2id, ...PASSWORD_HASH_PARAMS });
}

/** False for a wrong password and for a stored value that is not an argon2 hash. */
export async function verifyPassword(encodedHash: string, password: string): Promise<boolean> {
  if (readPasswordHashParams(encodedHash) === undefined) return false;
  try {
    return await verify(encodedHash, password);
  } catch {
    return false;
  }
}

export function needsRehash(encodedHash: string): boolean {
  const params = readPasswordHashParams(encodedHash);
  if (!params) return true;
  return (
    params.algorithm !== 'argon2id' ||
    params.version !== ARGON2_VERSION ||
    params.memoryCost < PASSWORD_HASH_PARAMS.memoryCost ||
    params.timeCost < PASSWORD_HASH_PARAMS.timeCost
  );
}

let decoyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check and returns false: call it when the account does not exist,
 * so response times do not reveal which e-mail addresses are registered.
 */
export async function verifyPasswordAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy-password-never-matches');
  await verify(await decoyHash, password);
  return false;
}
