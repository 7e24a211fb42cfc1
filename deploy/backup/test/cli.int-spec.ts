// The built CLI (dist/main.js) as the CronJobs run it: configuration from the environment, keys
// from files, a `key=value` summary on stdout, stable codes and exit statuses on failure.
import { type TestDatabase, testDatabaseUrl } from '@webinar/testing';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { backup, listBackups } from '../src';
import { MARKER, operatorKey, type OperatorKey, productDatabase, withClient } from './support';

jest.setTimeout(120_000);

const MAIN = resolve(__dirname, '../dist/main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    // Only what the job would get: no inherited DATABASE_URL or keys from the test's environment.
    execFile(process.execPath, [MAIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 100_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const summary = (stdout: string) => Object.fromEntries(stdout.trim().split('\n').at(-1)!.split(' ').map((kv) => kv.split('=') as [string, string]));

describe('backup CLI', () => {
  let adminUrl: string;
  let source: TestDatabase;
  let dir: string;
  let targetDir: string;
  let operator: OperatorKey;
  let env: Record<string, string>;

  beforeAll(async () => {
    const url = await testDatabaseUrl();
    if (!url) throw new Error('the backup tests need PostgreSQL (TEST_DATABASE_URL) and pg_dump/pg_restore on PATH');
    adminUrl = url;
    dir = await mkdtemp(join(tmpdir(), 'backup-cli-'));
    targetDir = join(dir, 'offsite');
    operator = await operatorKey(dir, 'operator');
    source = await productDatabase(adminUrl);
    env = {
      DATABASE_URL: source.url,
      BACKUP_TARGET_DIR: targetDir,
      BACKUP_PUBLIC_KEY_FILE: operator.publicFile,
      BACKUP_PRIVATE_KEY_FILE: operator.privateFile,
      BACKUP_PRIVATE_KEY_PASSPHRASE_FILE: operator.passphraseFile,
      BACKUP_KEEP: '2',
    };
  });

  afterAll(async () => {
    await source?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('drills: backs up, restores into a scratch database, compares, drops it, applies retention', async () => {
    for (const day of ['2026-01-01', '2026-01-02']) {
      await backup({ databaseUrl: source.url, targetDir, recipient: operator.publicKey, keep: 10, now: new Date(`${day}T02:00:00Z`) });
    }

    const run = await cli(['drill'], env);

    expect(run.stderr).not.toContain('error code=');
    expect(run.code).toBe(0);
    const s = summary(run.stdout);
    expect(s).toMatchObject({ drill: 'ok', differences: '0', tables: expect.stringMatching(/^[1-9]\d+$/) });
    expect(Number(s['rows'])).toBeGreaterThan(30);
    const scratch = await withClient(adminUrl, async (c) => (await c.query(`select 1 from pg_database where datname = $1`, [s['scratch']])).rowCount);
    expect(scratch).toBe(0);
    // Retention: the two older backups plus the drill's one, keep 2.
    expect(await listBackups(targetDir)).toEqual(['20260102T020000.000Z.backup', s['file']]);
    // Nothing secret and no row content in what the job prints.
    const output = run.stdout + run.stderr;
    for (const secret of [operator.passphrase, 'PRIVATE KEY', MARKER, source.url]) expect(output).not.toContain(secret);
  });

  it('drills against the newest existing backup with --latest', async () => {
    const newest = (await listBackups(targetDir)).at(-1);

    // As the weekly CronJob runs it: no source database, no public key; a login for scratch databases.
    const { DATABASE_URL: _db, BACKUP_PUBLIC_KEY_FILE: _pub, ...restoreOnly } = env;
    const run = await cli(['drill', '--latest'], { ...restoreOnly, DRILL_ADMIN_URL: adminUrl });

    expect(run.code).toBe(0);
    expect(summary(run.stdout)).toMatchObject({ drill: 'ok', file: newest, differences: '0' });
    expect(await listBackups(targetDir)).toHaveLength(2);
  });

  it('backs up and verifies from the command line, printing a note an operator can check without the key', async () => {
    const made = await cli(['backup'], env);
    expect(made.code).toBe(0);
    const s = summary(made.stdout);
    const note = JSON.parse(await readFile(`${s['file']}.json`, 'utf8')) as Record<string, unknown>;
    expect(note).toMatchObject({ sha256: s['sha256'], bytes: Number(s['bytes']), keyId: operator.publicKey.keyId });

    const checked = await cli(['verify', s['file']!], env);
    expect(checked.code).toBe(0);
    expect(summary(checked.stdout)).toMatchObject({ verify: 'ok', rows: s['rows'] });
  });

  it('exits with the code of the failure: tampered file 65, missing variable 78, unknown command 64', async () => {
    const file = join(targetDir, (await readdir(targetDir)).find((n) => n.endsWith('.backup'))!);
    const bytes = await readFile(file);
    bytes[bytes.length - 5]! ^= 1;
    const damaged = join(dir, 'damaged.backup');
    await writeFile(damaged, bytes);

    const tampered = await cli(['restore', damaged], { ...env, RESTORE_DATABASE_URL: source.url });
    expect(tampered.code).toBe(65);
    expect(tampered.stderr).toContain('error code=BACKUP.TAMPERED');

    const { BACKUP_PUBLIC_KEY_FILE: _omitted, ...withoutKey } = env;
    const missing = await cli(['backup'], withoutKey);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain('BACKUP_PUBLIC_KEY_FILE');
    expect(missing.stderr).not.toContain(source.url);

    const drillWithoutSource = await cli(['drill'], withoutKey);
    expect(drillWithoutSource.code).toBe(78);
    expect(drillWithoutSource.stderr).toContain('BACKUP_PUBLIC_KEY_FILE');

    const unknown = await cli(['upload'], env);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('error code=BACKUP.USAGE');
  });
});
