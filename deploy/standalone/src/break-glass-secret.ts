// A standalone install usually has one root account, and nobody else can approve its elevation: it
// could not even read the company it had just created. Unless the operator supplies
// BREAK_GLASS_SECRET_FILE, a secret is generated at first start under DATA_DIR (0600, never logged)
// and its path is printed with the banner; the console's elevation page takes it. Whoever can read
// DATA_DIR holds every key of the install already, so this gives them no power they lacked, and the
// secret never crosses the network until the root types it (rate-limited, audited, time-boxed).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface BreakGlassSecretFile {
  file: string;
  /** True when this install made it (the banner says where it is). */
  generated: boolean;
}

export function standaloneBreakGlassSecret(configured: string | undefined, dataDir: string): BreakGlassSecretFile {
  if (configured) return { file: configured, generated: false };
  const file = join(dataDir, 'keys', 'break-glass.secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // 32 random bytes: 43 characters, above auth's 32-character minimum. `wx`: never overwrite one.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return { file, generated: true };
}
