// Shared setup of the backup integration tests: operator key pairs, and a database shaped like the
// product's — the real auth and cms migrations (schemas, roles, FORCE ROW LEVEL SECURITY) with rows
// in tables that row-level security guards.
import { authDatabase } from '@webinar/auth';
import { cmsDatabase } from '@webinar/cms';
import { openDatabase } from '@webinar/persistence';
import { createTestDatabase, type TestDatabase } from '@webinar/testing';
import { generateKeyPair, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { privateRecipient, publicRecipient, type RecipientKey } from '../src';

export const MARKER = 'Vertrouwelijk-Jaarcongres-7f3a9c';

export interface OperatorKey {
  publicKey: RecipientKey;
  privateKey: RecipientKey;
  publicFile: string;
  privateFile: string;
  passphraseFile: string;
  passphrase: string;
}

/** An RSA-3072 pair; the private half on disk is passphrase-protected, as the docs recommend. */
export async function operatorKey(dir: string, name: string): Promise<OperatorKey> {
  const passphrase = `pass-${randomUUID()}`;
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 3072,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  });
  const publicFile = join(dir, `${name}.pub.pem`);
  const privateFile = join(dir, `${name}.key.pem`);
  const passphraseFile = join(dir, `${name}.passphrase`);
  await writeFile(publicFile, publicKey);
  await writeFile(privateFile, privateKey, { mode: 0o600 });
  await writeFile(passphraseFile, `${passphrase}\n`, { mode: 0o600 });
  return { publicKey: publicRecipient(publicKey), privateKey: privateRecipient(privateKey, passphrase), publicFile, privateFile, passphraseFile, passphrase };
}

export const SEEDED = { companies: 3, seminarsPerCompany: 4, usersPerCompany: 5 };

/** Runs the real migrations of auth and cms into a new database and inserts rows in both schemas. */
export async function productDatabase(adminUrl: string): Promise<TestDatabase> {
  const database = await createTestDatabase(adminUrl, 'backup_src');
  const dataDir = await mkdtemp(join(tmpdir(), 'backup-src-'));
  try {
    for (const options of [authDatabase({ dataDir, databaseUrl: database.url }), cmsDatabase({ dataDir, databaseUrl: database.url })]) {
      const db = await openDatabase(options);
      await db.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  await withClient(database.url, async (client) => {
    for (let c = 0; c < SEEDED.companies; c++) {
      const company = randomUUID();
      await client.query(`insert into cms.companies (id, name) values ($1, $2)`, [company, `${MARKER} company ${c}`]);
      await client.query(`insert into auth.companies (id, name) values ($1, $2)`, [company, `${MARKER} company ${c}`]);
      for (let s = 0; s < SEEDED.seminarsPerCompany; s++) {
        await client.query(
          `insert into cms.seminars (id, company_id, title, description, starts_at, ends_at, time_zone, capacity)
           values ($1, $2, $3, $4, now() + interval '1 day', now() + interval '1 day 2 hours', 'Europe/Amsterdam', 100)`,
          [randomUUID(), company, `${MARKER} seminar ${s}`, 'Ünïcödé, "quotes", back\\slash, tab\there, newline\nthere'],
        );
      }
      for (let u = 0; u < SEEDED.usersPerCompany; u++) {
        await client.query(
          `insert into auth.users (id, company_id, role, status, email_cipher, email_kid, email_index) values ($1, $2, 'customer', 'active', $3, 'k1', $4)`,
          [randomUUID(), company, `cipher-${MARKER}-${u}`, `index-${c}-${u}`],
        );
      }
    }
  });
  return database;
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Counted by plain SQL as a superuser, independently of the tool's own inventory. */
export async function countRows(url: string, table: string): Promise<number> {
  return withClient(url, async (client) => Number((await client.query<{ n: string }>(`select count(*)::text as n from ${table}`)).rows[0]!.n));
}
