// Backup files in the target folder: `<UTC timestamp>.backup` (complete: renamed into place only
// after the final record was written and synced), `<same>.backup.json` (a plaintext note: size,
// SHA-256, key id — for an operator checking the off-site copy without the private key), and
// `*.partial` while being written. Retention keeps the newest N complete backups.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupError } from './errors';

const BACKUP_NAME = /^\d{8}T\d{6}\.\d{3}Z\.backup$/;
/** A partial file this old is the leftover of a crashed run (runs are never concurrent: Forbid). */
const STALE_PARTIAL_MS = 24 * 3600 * 1000;

export function backupName(now: Date): string {
  // ISO 8601 basic format with milliseconds: sorts in time order, and two runs never share a name.
  return `${now.toISOString().replace(/[-:]/g, '')}.backup`;
}

export async function listBackups(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new BackupError('BACKUP.TARGET_DIR', `cannot list the backup folder ${dir}`, { cause: error });
  }
  return names.filter((n) => BACKUP_NAME.test(n)).sort();
}

export async function latestBackup(dir: string): Promise<string> {
  const names = await listBackups(dir);
  const last = names.at(-1);
  if (!last) throw new BackupError('BACKUP.NOT_FOUND', `no backup in ${dir}`);
  return join(dir, last);
}

/** Deletes all but the newest `keep` backups (and their notes) and stale partial files. */
export async function prune(dir: string, keep: number, now = new Date()): Promise<string[]> {
  const removed: string[] = [];
  const names = await listBackups(dir);
  for (const name of names.slice(0, Math.max(0, names.length - keep))) {
    await rm(join(dir, name), { force: true });
    await rm(join(dir, `${name}.json`), { force: true });
    removed.push(name);
  }
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.partial'))) {
    const { mtimeMs } = await stat(join(dir, name));
    if (now.getTime() - mtimeMs > STALE_PARTIAL_MS) {
      await rm(join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}
