// One error type for the backup tool, with stable codes (MODULE.REASON) that operators and tests can
// branch on, and an exit code per kind of failure so a CronJob's status says what went wrong.
// Messages name files, tables and roles, never a key, a passphrase or a row's content.

export type BackupErrorCode =
  | 'BACKUP.USAGE'
  | 'BACKUP.KEY_UNREADABLE'
  | 'BACKUP.KEY_UNSUITABLE'
  | 'BACKUP.CANNOT_BYPASS_RLS'
  | 'BACKUP.INVENTORY_FAILED'
  | 'BACKUP.DUMP_FAILED'
  | 'BACKUP.TARGET_DIR'
  | 'BACKUP.NOT_FOUND'
  | 'BACKUP.FORMAT'
  | 'BACKUP.WRONG_KEY'
  | 'BACKUP.TAMPERED'
  | 'BACKUP.TRUNCATED'
  | 'RESTORE.TARGET_NOT_EMPTY'
  | 'RESTORE.ROLES_FAILED'
  | 'RESTORE.PG_RESTORE_FAILED'
  | 'RESTORE.MISMATCH'
  | 'DRILL.SCRATCH_FAILED';

/** sysexits-style exit codes: 64 usage, 65 bad input data (the file), 70 software/tool, 1 mismatch. */
const EXIT_CODES: Record<BackupErrorCode, number> = {
  'BACKUP.USAGE': 64,
  'BACKUP.KEY_UNREADABLE': 66,
  'BACKUP.KEY_UNSUITABLE': 66,
  'BACKUP.CANNOT_BYPASS_RLS': 77,
  'BACKUP.INVENTORY_FAILED': 70,
  'BACKUP.DUMP_FAILED': 70,
  'BACKUP.TARGET_DIR': 73,
  'BACKUP.NOT_FOUND': 66,
  'BACKUP.FORMAT': 65,
  'BACKUP.WRONG_KEY': 65,
  'BACKUP.TAMPERED': 65,
  'BACKUP.TRUNCATED': 65,
  'RESTORE.TARGET_NOT_EMPTY': 73,
  'RESTORE.ROLES_FAILED': 77,
  'RESTORE.PG_RESTORE_FAILED': 70,
  'RESTORE.MISMATCH': 1,
  'DRILL.SCRATCH_FAILED': 70,
};

export class BackupError extends Error {
  override readonly name = 'BackupError';

  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}
