// What a backup promises about its content: per table its row count and a checksum of its rows, per
// sequence its value, the roles that own or are granted the objects. Taken in the same snapshot as
// the dump and stored inside the encrypted envelope (before the dump bytes), so it is authenticated
// with them and reveals nothing to whoever holds only the file.
import { z } from 'zod';
import { BackupError } from './errors';

export const MANIFEST_VERSION = 1;

const tableSchema = z.object({
  schema: z.string(),
  table: z.string(),
  rows: z.number().int().nonnegative(),
  checksum: z.string(),
});
const sequenceSchema = z.object({ schema: z.string(), sequence: z.string(), lastValue: z.string().nullable() });

export const manifestSchema = z.object({
  format: z.literal('webinar-backup-manifest'),
  version: z.literal(MANIFEST_VERSION),
  createdAt: z.iso.datetime(),
  database: z.string(),
  serverVersion: z.string(),
  dumpTool: z.string(),
  keyId: z.string(),
  tables: z.array(tableSchema),
  sequences: z.array(sequenceSchema),
  roles: z.array(z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type TableState = z.infer<typeof tableSchema>;
export type SequenceState = z.infer<typeof sequenceSchema>;

/** What the database holds, as measured by `inventory`. */
export interface DatabaseState {
  tables: TableState[];
  sequences: SequenceState[];
}

export function encodeManifest(manifest: Manifest): Buffer {
  const json = Buffer.from(JSON.stringify(manifestSchema.parse(manifest)), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json]);
}

export function decodeManifest(json: Buffer): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw new BackupError('BACKUP.FORMAT', 'the backup manifest is not JSON', { cause: error });
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) throw new BackupError('BACKUP.FORMAT', `the backup manifest is not a version-${MANIFEST_VERSION} manifest`);
  return parsed.data;
}

export interface Difference {
  object: string;
  expected: string;
  actual: string;
}

const tableKey = (t: { schema: string; table: string }) => `table ${t.schema}.${t.table}`;
const sequenceKey = (s: { schema: string; sequence: string }) => `sequence ${s.schema}.${s.sequence}`;

/** Every way `actual` differs from what the manifest recorded: missing, extra, other counts or checksums. */
export function compareState(expected: DatabaseState, actual: DatabaseState): Difference[] {
  const differences: Difference[] = [];
  const compare = <T>(want: T[], have: T[], key: (x: T) => string, show: (x: T) => string) => {
    const haveByKey = new Map(have.map((x) => [key(x), x]));
    for (const w of want) {
      const h = haveByKey.get(key(w));
      haveByKey.delete(key(w));
      if (!h) differences.push({ object: key(w), expected: show(w), actual: 'missing' });
      else if (show(w) !== show(h)) differences.push({ object: key(w), expected: show(w), actual: show(h) });
    }
    for (const [k, h] of haveByKey) differences.push({ object: k, expected: 'absent', actual: show(h) });
  };
  compare(expected.tables, actual.tables, tableKey, (t) => `rows=${t.rows} checksum=${t.checksum}`);
  compare(expected.sequences, actual.sequences, sequenceKey, (s) => `last_value=${s.lastValue ?? 'unset'}`);
  return differences;
}

export function totalRows(state: DatabaseState): number {
  return state.tables.reduce((sum, t) => sum + t.rows, 0);
}
