// Serializes bootstrap and migrations of one service across processes (two replicas starting at
// once): the second waits, then finds everything done.
import { Client } from 'pg';

const LOCK_NAMESPACE = 'webinar.persistence';

export async function withAdvisoryLock<T>(
  url: string,
  service: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url, application_name: `${service}-migrations` });
  // An idle-connection error must not crash the process; the awaited queries report failures.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1), hashtext($2))', [LOCK_NAMESPACE, service]);
    try {
      return await work(client);
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1), hashtext($2))', [LOCK_NAMESPACE, service]);
    }
  } finally {
    await client.end();
  }
}
