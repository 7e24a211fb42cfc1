// The backup tool's environment, one schema per command, validated before anything runs. Key
// material is given as file paths (Kubernetes Secret volumes), never as values in the environment.
import { ConfigError, type ConfigIssue, secret, url } from '@webinar/config';
import { z } from 'zod';
import { DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES } from './envelope/format';

const postgresUrl = () => secret(url(['postgres', 'postgresql']));
const filePath = (what: string) => z.string().min(1).describe(`a path to ${what}`);

const common = {
  BACKUP_TARGET_DIR: z.string().min(1).describe('the folder backups are written to (the off-site volume)'),
  PG_DUMP_PATH: z.string().min(1).default('pg_dump').describe('the pg_dump binary (same major version as the server, or newer)'),
  PG_RESTORE_PATH: z.string().min(1).default('pg_restore').describe('the pg_restore binary'),
};

const writing = {
  DATABASE_URL: postgresUrl().describe('a postgres:// URL of the database to back up, as a superuser or a BYPASSRLS role'),
  BACKUP_PUBLIC_KEY_FILE: filePath("the operator's RSA public key (PEM, ≥ 3072 bits)"),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(14).describe('how many backups to keep (1–3650)'),
  BACKUP_CHUNK_BYTES: z.coerce.number().int().min(1024).max(MAX_CHUNK_BYTES).default(DEFAULT_CHUNK_BYTES).describe(`bytes per encrypted record (1024–${MAX_CHUNK_BYTES})`),
  PG_DUMP_COMPRESSION: z.coerce.number().int().min(0).max(9).default(6).describe('pg_dump compression level 0–9'),
};

const reading = {
  BACKUP_PRIVATE_KEY_FILE: filePath("the operator's RSA private key (PEM)"),
  BACKUP_PRIVATE_KEY_PASSPHRASE_FILE: filePath('a file holding the private key\'s passphrase').optional(),
};

export const backupConfigSchema = z.object({ ...common, ...writing });
export const restoreConfigSchema = z.object({
  ...reading,
  PG_RESTORE_PATH: common.PG_RESTORE_PATH,
  RESTORE_DATABASE_URL: postgresUrl().describe('a postgres:// URL of the empty database to restore into'),
});
export const verifyConfigSchema = z.object(reading);
/**
 * `drill` takes a backup first (DATABASE_URL, public key needed) unless given `--latest`, which
 * restores the newest existing backup and needs neither; `drillSettings` checks that pairing.
 */
export const drillConfigSchema = z.object({
  ...common,
  ...writing,
  ...reading,
  DATABASE_URL: writing.DATABASE_URL.optional(),
  BACKUP_PUBLIC_KEY_FILE: writing.BACKUP_PUBLIC_KEY_FILE.optional(),
  DRILL_ADMIN_URL: postgresUrl().optional().describe('a postgres:// URL of a login that may create scratch databases (default: DATABASE_URL)'),
});


/** The variables `drill` needs in its mode; a ConfigError (exit 78) names the missing ones. */
export function drillSettings(config: DrillConfig, latest: boolean): { adminUrl: string; databaseUrl?: string; publicKeyFile?: string } {
  const issues: ConfigIssue[] = [];
  if (!latest && !config.DATABASE_URL) issues.push({ variable: 'DATABASE_URL', expected: 'a postgres:// URL of the database to back up (not set; or run `drill --latest`)' });
  if (!latest && !config.BACKUP_PUBLIC_KEY_FILE) issues.push({ variable: 'BACKUP_PUBLIC_KEY_FILE', expected: "a path to the operator's RSA public key (not set; or run `drill --latest`)" });
  const adminUrl = config.DRILL_ADMIN_URL ?? config.DATABASE_URL;
  if (!adminUrl) issues.push({ variable: 'DRILL_ADMIN_URL', expected: 'a postgres:// URL of a login that may create scratch databases (not set)' });
  if (issues.length > 0 || !adminUrl) throw new ConfigError(issues);
  return {
    adminUrl,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    ...(config.BACKUP_PUBLIC_KEY_FILE ? { publicKeyFile: config.BACKUP_PUBLIC_KEY_FILE } : {}),
  };
}

export type BackupConfig = z.infer<typeof backupConfigSchema>;
export type RestoreConfig = z.infer<typeof restoreConfigSchema>;
export type DrillConfig = z.infer<typeof drillConfigSchema>;
