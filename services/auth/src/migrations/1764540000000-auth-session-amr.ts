import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';

/**
 * How each session was opened (`amr`): `link` (login, invitation or campaign link) or `pwd+otp`
 * (password + TOTP or recovery code). Sessions that exist already were all opened by links (password
 * login sessions are recorded as such from now on): they default to `link`, the value that grants the
 * least, and so does any insert that forgets to say.
 */
export class AuthSessionAmr1764540000000 implements MigrationInterface {
  name = 'AuthSessionAmr1764540000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(`ALTER TABLE "${s}"."sessions" ADD "amr" text NOT NULL DEFAULT 'link'`);
    await runner.query(`ALTER TABLE "${s}"."sessions" ADD CONSTRAINT "CK_sessions_amr" CHECK ("amr" IN ('link', 'pwd+otp'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = AUTH_SCHEMA;
    await runner.query(`ALTER TABLE "${s}"."sessions" DROP CONSTRAINT "CK_sessions_amr"`);
    await runner.query(`ALTER TABLE "${s}"."sessions" DROP COLUMN "amr"`);
  }
}
