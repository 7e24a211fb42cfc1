// Fixture for tools/check-stores.mjs: migrations are allowed raw SQL; nothing here may be reported.
import { type QueryRunner } from 'typeorm';

export async function up(runner: QueryRunner): Promise<void> {
  await runner.query('CREATE TABLE widgets (id uuid PRIMARY KEY)');
}
