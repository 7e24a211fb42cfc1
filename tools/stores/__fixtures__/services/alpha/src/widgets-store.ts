// Fixture for tools/check-stores.mjs: a store may query its table; nothing here may be reported.
import { type EntityManager } from 'typeorm';

export class WidgetsStore {
  async count(manager: EntityManager): Promise<number> {
    const rows: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM widgets');
    return rows[0]?.n ?? 0;
  }
}
