// The backup CLI: `node dist/main.js backup | restore <file> | verify <file> | drill [--latest]`.
// Progress goes to stderr; the last stdout line is a `key=value` summary. Failures print
// `error code=<CODE> …` and exit with the code's exit status (errors.ts); a configuration error
// exits 78 naming the variable.
import { exitOnConfigError, loadConfig } from '@webinar/config';
import { backup } from './backup';
import { backupConfigSchema, drillConfigSchema, drillSettings, restoreConfigSchema, verifyConfigSchema } from './config';
import { drill, summaryLine } from './drill';
import { readPrivateKeyFile, readPublicKeyFile } from './envelope/keys';
import { BackupError } from './errors';
import type { Log } from './log';
import { totalRows, type Difference } from './manifest';
import { restore } from './restore';
import { verifyBackup } from './verify';

const log: Log = (line) => process.stderr.write(`${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);
const USAGE = 'usage: main.js backup | restore <file> | verify <file> | drill [--latest]';

function reportDifferences(differences: Difference[]): void {
  for (const d of differences.slice(0, 50)) log(`DIFFERENT ${d.object}: expected ${d.expected}, restored ${d.actual}`);
  if (differences.length > 50) log(`… and ${differences.length - 50} more differences`);
}

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  switch (command) {
    case 'backup': {
      const config = exitOnConfigError(() => loadConfig(backupConfigSchema));
      const result = await backup({
        databaseUrl: config.DATABASE_URL,
        targetDir: config.BACKUP_TARGET_DIR,
        recipient: await readPublicKeyFile(config.BACKUP_PUBLIC_KEY_FILE),
        pgDump: config.PG_DUMP_PATH,
        compression: config.PG_DUMP_COMPRESSION,
        chunkBytes: config.BACKUP_CHUNK_BYTES,
        keep: config.BACKUP_KEEP,
        log,
      });
      out(`backup=ok file=${result.file} bytes=${result.bytes} sha256=${result.sha256} tables=${result.manifest.tables.length} rows=${totalRows(result.manifest)} pruned=${result.pruned.length}`);
      return 0;
    }
    case 'verify': {
      if (!arg) throw new BackupError('BACKUP.USAGE', USAGE);
      const config = exitOnConfigError(() => loadConfig(verifyConfigSchema));
      const key = await readPrivateKeyFile(config.BACKUP_PRIVATE_KEY_FILE, config.BACKUP_PRIVATE_KEY_PASSPHRASE_FILE);
      const result = await verifyBackup(arg, key);
      out(`verify=ok file=${arg} created=${result.manifest.createdAt} tables=${result.manifest.tables.length} rows=${totalRows(result.manifest)} dump_bytes=${result.dumpBytes}`);
      return 0;
    }
    case 'restore': {
      if (!arg) throw new BackupError('BACKUP.USAGE', USAGE);
      const config = exitOnConfigError(() => loadConfig(restoreConfigSchema));
      const result = await restore({
        file: arg,
        targetUrl: config.RESTORE_DATABASE_URL,
        recipient: await readPrivateKeyFile(config.BACKUP_PRIVATE_KEY_FILE, config.BACKUP_PRIVATE_KEY_PASSPHRASE_FILE),
        pgRestore: config.PG_RESTORE_PATH,
        log,
      });
      reportDifferences(result.differences);
      const ok = result.differences.length === 0;
      out(`restore=${ok ? 'ok' : 'mismatch'} file=${arg} tables=${result.restored.tables.length} rows=${totalRows(result.restored)} differences=${result.differences.length}`);
      return ok ? 0 : new BackupError('RESTORE.MISMATCH', '').exitCode;
    }
    case 'drill': {
      const latest = arg === '--latest';
      const config = exitOnConfigError(() => loadConfig(drillConfigSchema));
      const settings = exitOnConfigError(() => drillSettings(config, latest));
      const summary = await drill({
        targetDir: config.BACKUP_TARGET_DIR,
        ...(settings.databaseUrl && settings.publicKeyFile
          ? {
              backup: {
                databaseUrl: settings.databaseUrl,
                targetDir: config.BACKUP_TARGET_DIR,
                recipient: await readPublicKeyFile(settings.publicKeyFile),
                pgDump: config.PG_DUMP_PATH,
                compression: config.PG_DUMP_COMPRESSION,
                chunkBytes: config.BACKUP_CHUNK_BYTES,
                keep: config.BACKUP_KEEP,
              },
            }
          : {}),
        privateKey: await readPrivateKeyFile(config.BACKUP_PRIVATE_KEY_FILE, config.BACKUP_PRIVATE_KEY_PASSPHRASE_FILE),
        adminUrl: settings.adminUrl,
        latest,
        pgRestore: config.PG_RESTORE_PATH,
        log,
      });
      reportDifferences(summary.differences);
      out(summaryLine(summary));
      return summary.ok ? 0 : new BackupError('RESTORE.MISMATCH', '').exitCode;
    }
    case undefined:
    default:
      throw new BackupError('BACKUP.USAGE', USAGE);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BackupError) {
      log(`error code=${error.code} ${error.message}`);
      process.exit(error.exitCode);
    }
    // Unexpected: the message only (a stack may hold values from the failing call).
    log(`error code=BACKUP.INTERNAL ${(error as Error).message ?? String(error)}`);
    process.exit(70);
  },
);
