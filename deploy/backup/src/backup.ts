// `backup`: one consistent, encrypted copy of the database in the target folder.
//
// A REPEATABLE READ transaction exports its snapshot; the row counts and checksums are measured in
// that snapshot and pg_dump reads the same one (--snapshot), so the manifest describes exactly what
// was dumped even while the services keep writing. pg_dump's output never touches the disk in
// clear: it is encrypted record by record as it arrives.
import { randomUUID } from 'node:crypto';
import { access, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EnvelopeWriter } from './envelope/writer';
import { FORMAT_VERSION } from './envelope/format';
import type { RecipientKey } from './envelope/keys';
import { BackupError } from './errors';
import { type Log, silent } from './log';
import { encodeManifest, type Manifest, MANIFEST_VERSION } from './manifest';
import { connect, libpqEnvironment } from './pg/connection';
import { assertCanReadAllRows, inventory, pinSessionSettings, referencedRoles } from './pg/inventory';
import { describeExit, startTool, toolVersion } from './pg/tools';
import { backupName, prune } from './retention';

export interface BackupOptions {
  databaseUrl: string;
  targetDir: string;
  /** The operator's public key: the only key the backup job holds. */
  recipient: RecipientKey;
  pgDump?: string;
  /** pg_dump's compression level (0–9); compression happens before encryption. */
  compression?: number;
  chunkBytes?: number;
  /** How many backups to keep (the newest); older ones are deleted after a successful backup. */
  keep: number;
  now?: Date;
  log?: Log;
}

export interface BackupResult {
  file: string;
  bytes: number;
  sha256: string;
  manifest: Manifest;
  pruned: string[];
}

export async function backup(opts: BackupOptions): Promise<BackupResult> {
  const log = opts.log ?? silent;
  const now = opts.now ?? new Date();
  const pgDump = opts.pgDump ?? 'pg_dump';
  try {
    await mkdir(opts.targetDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new BackupError('BACKUP.TARGET_DIR', `cannot create the backup folder ${opts.targetDir}`, { cause: error });
  }
  const dumpTool = await toolVersion(pgDump).catch((error: unknown) => {
    throw new BackupError('BACKUP.DUMP_FAILED', `cannot run ${pgDump} (set PG_DUMP_PATH)`, { cause: error });
  });

  const client = await connect(opts.databaseUrl);
  try {
    await pinSessionSettings(client);
    await assertCanReadAllRows(client);
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ snapshot: string; database: string; version: string }>(
      `select pg_export_snapshot() as snapshot, current_database() as database, current_setting('server_version') as version`,
    );
    const session = rows[0];
    if (!session) throw new BackupError('BACKUP.INVENTORY_FAILED', 'the server returned no snapshot');
    const state = await inventory(client);
    const manifest: Manifest = {
      format: 'webinar-backup-manifest',
      version: MANIFEST_VERSION,
      createdAt: now.toISOString(),
      database: session.database,
      serverVersion: session.version,
      dumpTool,
      keyId: opts.recipient.keyId,
      tables: state.tables,
      sequences: state.sequences,
      roles: await referencedRoles(client),
    };
    log(`measured ${manifest.tables.length} tables and ${manifest.sequences.length} sequences in snapshot ${session.snapshot}`);

    const name = backupName(now);
    const file = join(opts.targetDir, name);
    const partial = join(opts.targetDir, `${name}.${randomUUID().slice(0, 8)}.partial`);
    const written = await writeEncryptedDump(partial, manifest, session.snapshot, opts, pgDump).catch(async (error: unknown) => {
      await rm(partial, { force: true });
      throw error;
    });
    // Never replace an existing backup (names carry milliseconds and runs never overlap, so this
    // only trips on a clock that went backwards). rename, not link: more volumes support it.
    if (await exists(file)) {
      await rm(partial, { force: true });
      throw new BackupError('BACKUP.TARGET_DIR', `a backup named ${name} already exists in ${opts.targetDir}`);
    }
    await rename(partial, file);
    await syncDirectory(opts.targetDir);
    await client.query('commit');

    const note = { file: name, format: 'webinar-backup', version: FORMAT_VERSION, keyId: opts.recipient.keyId, createdAt: manifest.createdAt, bytes: written.bytes, sha256: written.sha256 };
    await writeFile(`${file}.json`, `${JSON.stringify(note, null, 2)}\n`, { mode: 0o600 });
    const pruned = await prune(opts.targetDir, opts.keep, now);
    if (pruned.length > 0) log(`retention (keep ${opts.keep}): removed ${pruned.join(', ')}`);
    log(`wrote ${basename(file)} (${written.bytes} bytes, key ${opts.recipient.keyId})`);
    return { file, bytes: written.bytes, sha256: written.sha256, manifest, pruned };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function writeEncryptedDump(
  path: string,
  manifest: Manifest,
  snapshot: string,
  opts: BackupOptions,
  pgDump: string,
): Promise<{ bytes: number; sha256: string }> {
  const file = await open(path, 'wx', 0o600);
  try {
    const writer = new EnvelopeWriter(file, { recipient: opts.recipient, ...(opts.chunkBytes ? { chunkBytes: opts.chunkBytes } : {}), ...(opts.now ? { now: opts.now } : {}) });
    await writer.start();
    await writer.write(encodeManifest(manifest));
    const { env, database } = libpqEnvironment(opts.databaseUrl);
    const tool = startTool(
      pgDump,
      ['--format=custom', `--snapshot=${snapshot}`, `--compress=${opts.compression ?? 6}`, '--no-password', `--dbname=${database}`],
      env,
    );
    tool.child.stdin?.end();
    let dumped = 0;
    if (tool.child.stdout) {
      for await (const chunk of tool.child.stdout as AsyncIterable<Buffer>) {
        dumped += chunk.length;
        await writer.write(chunk);
      }
    }
    const result = await tool.done;
    if (result.code !== 0 || dumped === 0) {
      throw new BackupError('BACKUP.DUMP_FAILED', `pg_dump ${describeExit(result)}`);
    }
    await writer.finish();
    await file.sync();
    return { bytes: writer.written, sha256: writer.fileSha256() };
  } finally {
    await file.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Makes the rename durable: on a crash the folder shows the old state or the new, never neither. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
