// The `Database` handed to a service: its application DataSource plus an idempotent close that also
// gives back what the engine holds (the embedded instance's lease).
import type { DataSource } from 'typeorm';
import type { Database } from './options';

export function databaseHandle(
  kind: Database['kind'],
  dataSource: DataSource,
  afterClose: () => Promise<void>,
): Database {
  let closing: Promise<void> | undefined;
  return {
    kind,
    dataSource,
    ping: async () => {
      await dataSource.query('select 1');
    },
    close: () =>
      (closing ??= (async () => {
        try {
          if (dataSource.isInitialized) await dataSource.destroy();
        } finally {
          await afterClose();
        }
      })()),
  };
}
