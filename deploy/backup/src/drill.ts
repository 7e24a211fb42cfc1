// `drill`: proof that backups restore. Takes a backup (or, with `latest`, uses the newest one in the
// target folder — the weekly drill proves the off-site copies themselves), restores it into a
// scratch database, compares, and drops the scratch database whatever happened.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { backup, type BackupOptions } from './backup';
import type { RecipientKey } from './envelope/keys';
import { BackupError } from './errors';
import { type Log, silent } from './log';
import { totalRows, type Difference } from './manifest';
import { connect, quoteIdent, withDatabase } from './pg/connection';
import { restore } from './restore';
import { latestBackup } from './retention';

export interface DrillOptions {
  /** Where backups are (and where a new one is written). */
  targetDir: string;
  /** How to take the new backup; unused (and may be absent) with `latest`. */
  backup?: BackupOptions;
  /** Restore with this key (the private half of backup.recipient). */
  privateKey: RecipientKey;
  /** A login on the scratch server that may CREATE DATABASE (and CREATE ROLE for missing roles). */
  adminUrl: string;
  /** Restore the newest existing backup instead of taking a new one. */
  latest?: boolean;
  pgRestore?: string;
  log?: Log;
}

export interface DrillSummary {
  ok: boolean;
  file: string;
  bytes: number;
  tables: number;
  rows: number;
  sequences: number;
  differences: Difference[];
  scratchDatabase: string;
  backupMs: number;
  restoreMs: number;
}

export async function drill(opts: DrillOptions): Promise<DrillSummary> {
  const log = opts.log ?? silent;
  const started = Date.now();
  let file: string;
  if (opts.latest) file = await latestBackup(opts.targetDir);
  else if (opts.backup) file = (await backup({ ...opts.backup, targetDir: opts.targetDir, log })).file;
  else throw new BackupError('BACKUP.USAGE', 'a drill without --latest needs the settings of a backup');
  const backupMs = Date.now() - started;
  const { size } = await stat(file);

  const scratch = `webinar_drill_${randomBytes(6).toString('hex')}`;
  const admin = await connect(opts.adminUrl);
  try {
    await admin.query(`create database ${quoteIdent(scratch)}`).catch((error: unknown) => {
      throw new BackupError('DRILL.SCRATCH_FAILED', `cannot create the scratch database (${(error as Error).message})`, { cause: error });
    });
    log(`restoring ${basename(file)} into scratch database ${scratch}`);
    const restoreStarted = Date.now();
    try {
      const result = await restore({
        file,
        targetUrl: withDatabase(opts.adminUrl, scratch),
        recipient: opts.privateKey,
        ...(opts.pgRestore ? { pgRestore: opts.pgRestore } : {}),
        log,
      });
      return {
        ok: result.differences.length === 0,
        file,
        bytes: size,
        tables: result.restored.tables.length,
        rows: totalRows(result.restored),
        sequences: result.restored.sequences.length,
        differences: result.differences,
        scratchDatabase: scratch,
        backupMs,
        restoreMs: Date.now() - restoreStarted,
      };
    } finally {
      await admin.query(`drop database if exists ${quoteIdent(scratch)} with (force)`);
      log(`dropped scratch database ${scratch}`);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** The one-line `key=value` summary the drill prints (and monitoring can scrape from the job log). */
export function summaryLine(s: DrillSummary): string {
  return [
    `drill=${s.ok ? 'ok' : 'mismatch'}`,
    `file=${basename(s.file)}`,
    `bytes=${s.bytes}`,
    `tables=${s.tables}`,
    `rows=${s.rows}`,
    `sequences=${s.sequences}`,
    `differences=${s.differences.length}`,
    `scratch=${s.scratchDatabase}`,
    `backup_ms=${s.backupMs}`,
    `restore_ms=${s.restoreMs}`,
  ].join(' ');
}
