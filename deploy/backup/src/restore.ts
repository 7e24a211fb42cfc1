// `restore`: a backup into an empty database, then proof that it holds what the backup promised.
//
// 1. The whole file is decrypted and authenticated once (verify) — nothing is restored from a file
//    that is truncated, altered or meant for another key.
// 2. Roles the objects name are created when missing (no login, no privileges): they are cluster
//    objects that a database dump does not carry.
// 3. pg_restore runs in one transaction (--single-transaction --exit-on-error), fed by a second
//    decryption pass; an error anywhere leaves the target as empty as it was.
// 4. Row counts, checksums and sequences are measured on the target and compared with the manifest.
import type { Client } from 'pg';
import type { Writable } from 'node:stream';
import type { RecipientKey } from './envelope/keys';
import { decryptRecords, openBackup } from './envelope/reader';
import { BackupError } from './errors';
import { type Log, silent } from './log';
import { compareState, type DatabaseState, type Difference, type Manifest } from './manifest';
import { readPayload } from './payload';
import { connect, libpqEnvironment, quoteIdent } from './pg/connection';
import { inventory, pinSessionSettings } from './pg/inventory';
import { describeExit, startTool } from './pg/tools';
import { verifyBackup } from './verify';

export interface RestoreOptions {
  file: string;
  /** An empty database on the target server; the login needs CREATEROLE when roles are missing. */
  targetUrl: string;
  recipient: RecipientKey;
  pgRestore?: string;
  log?: Log;
}

export interface RestoreResult {
  manifest: Manifest;
  restored: DatabaseState;
  differences: Difference[];
  createdRoles: string[];
}

const PRODUCT_SCHEMA = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? silent;
  const verified = await verifyBackup(opts.file, opts.recipient);
  log(`verified ${opts.file}: every record authenticates (${verified.dumpBytes} dump bytes)`);

  const target = await connect(opts.targetUrl);
  let createdRoles: string[];
  try {
    await assertEmpty(target);
    createdRoles = await createMissingRoles(target, verified.manifest.roles);
    if (createdRoles.length > 0) log(`created missing roles (no login): ${createdRoles.join(', ')}`);
  } finally {
    await target.end().catch(() => undefined);
  }

  await runPgRestore(opts);
  log('pg_restore finished');

  const check = await connect(opts.targetUrl);
  try {
    await pinSessionSettings(check);
    const restored = await inventory(check);
    return { manifest: verified.manifest, restored, differences: compareState(verified.manifest, restored), createdRoles };
  } finally {
    await check.end().catch(() => undefined);
  }
}

async function assertEmpty(client: Client): Promise<void> {
  const { rows } = await client.query<{ objects: string; schemas: string[] }>(
    `select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where ${PRODUCT_SCHEMA} and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f'))::text as objects,
            (select coalesce(array_agg(n.nspname::text order by n.nspname), '{}'::text[]) from pg_namespace n
              where ${PRODUCT_SCHEMA} and n.nspname <> 'public') as schemas`,
  );
  const row = rows[0];
  if (row && (Number(row.objects) > 0 || row.schemas.length > 0)) {
    throw new BackupError(
      'RESTORE.TARGET_NOT_EMPTY',
      `the target database is not empty (${row.objects} tables/sequences/views; schemas: ${row.schemas.join(', ') || 'public only'}): restore only into a new, empty database`,
    );
  }
}

async function createMissingRoles(client: Client, roles: string[]): Promise<string[]> {
  const { rows } = await client.query<{ rolname: string }>(`select rolname from pg_roles where rolname = any($1)`, [roles]);
  const existing = new Set(rows.map((r) => r.rolname));
  const created: string[] = [];
  for (const role of roles.filter((r) => !existing.has(r))) {
    try {
      await client.query(`create role ${quoteIdent(role)} nologin nosuperuser nocreatedb nocreaterole nobypassrls`);
    } catch (error) {
      throw new BackupError(
        'RESTORE.ROLES_FAILED',
        `role ${role} does not exist on the target server and cannot be created (${(error as Error).message}): create it, or restore as a login with CREATEROLE`,
        { cause: error },
      );
    }
    created.push(role);
  }
  return created;
}

async function runPgRestore(opts: RestoreOptions): Promise<void> {
  const { env, database } = libpqEnvironment(opts.targetUrl);
  const tool = startTool(
    opts.pgRestore ?? 'pg_restore',
    ['--exit-on-error', '--single-transaction', '--no-password', `--dbname=${database}`],
    env,
  );
  const stdin = tool.child.stdin as Writable;
  let pipeBroken = false;
  stdin.on('error', () => {
    pipeBroken = true; // pg_restore stopped reading; its exit status and stderr say why
  });
  const file = await openBackup(opts.file);
  try {
    await readPayload(decryptRecords(file, opts.recipient), (chunk) => writeWithBackpressure(stdin, chunk, () => pipeBroken));
    stdin.end();
  } catch (error) {
    // The file changed between the two passes, or pg_restore went away: make sure it stops, and
    // its single transaction rolls back.
    tool.child.kill('SIGTERM');
    const result = await tool.done;
    if (error instanceof BackupError && error.code.startsWith('BACKUP.')) throw error;
    throw new BackupError('RESTORE.PG_RESTORE_FAILED', `pg_restore ${describeExit(result)}`, { cause: error });
  } finally {
    await file.close();
  }
  const result = await tool.done;
  if (result.code !== 0) throw new BackupError('RESTORE.PG_RESTORE_FAILED', `pg_restore ${describeExit(result)}`);
}

function writeWithBackpressure(stream: Writable, chunk: Buffer, broken: () => boolean): Promise<void> {
  if (broken()) return Promise.reject(new BackupError('RESTORE.PG_RESTORE_FAILED', 'pg_restore stopped reading its input'));
  return new Promise((resolve) => {
    if (stream.write(chunk)) resolve();
    else {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('close', done);
    }
  });
}
