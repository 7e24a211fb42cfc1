// The one home of a user's credentials: auth.credentials (password hash, TOTP secret and pending
// enrolment) and auth.recovery_codes, one aggregate keyed by user id. Conditional writes are one
// statement each (`WITH x AS (UPDATE … RETURNING) SELECT …`, because TypeORM answers a bare UPDATE
// with [rows, count]), so a concurrent change makes the second writer see `false`, never a lost update.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { col, parseFirstRow, parseRows } from '@webinar/persistence';
import { AUTH_TABLES, sqlTable } from '../tables';
import { Credential } from './credential.entity';

const credentials = sqlTable('credentials');
const recoveryCodes = sqlTable('recoveryCodes');
const userIdRow = z.object({ user_id: col.id });
const idRow = z.object({ id: col.id });
const countRow = z.object({ n: col.int });
const presentRow = z.object({ present: col.bool });

@Injectable()
export class CredentialsStore {
  find(manager: EntityManager, userId: string): Promise<Credential | null> {
    return manager.findOneBy(Credential, { userId });
  }

  async unusedRecoveryCodes(manager: EntityManager, userId: string): Promise<number> {
    const rows: unknown = await manager.query(`SELECT count(*)::int AS n FROM ${recoveryCodes} WHERE user_id = $1 AND used_at IS NULL`, [
      userId,
    ]);
    return parseFirstRow('credentials.unusedRecoveryCodes', countRow, rows)?.n ?? 0;
  }

  /** Stores the first password; false when the user has one already (set by a concurrent request). */
  async setFirstPassword(manager: EntityManager, user: { id: string; companyId: string | null }, hash: string): Promise<boolean> {
    const rows: unknown = await manager.query(
      `WITH stored AS (
         INSERT INTO ${credentials} AS c (user_id, company_id, password_hash, password_changed_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (user_id) DO UPDATE
            SET password_hash = EXCLUDED.password_hash, password_changed_at = now(), updated_at = now()
          WHERE c.password_hash IS NULL
         RETURNING user_id)
       SELECT user_id FROM stored`,
      [user.id, user.companyId, hash],
    );
    return this.changed('credentials.setFirstPassword', rows);
  }

  /** Replaces the password only if it is still `oldHash`; false when it changed meanwhile. */
  async replacePassword(manager: EntityManager, userId: string, newHash: string, oldHash: string): Promise<boolean> {
    const rows: unknown = await manager.query(
      `WITH changed AS (
         UPDATE ${credentials} SET password_hash = $2, password_changed_at = now(), updated_at = now()
          WHERE user_id = $1 AND password_hash = $3 RETURNING user_id)
       SELECT user_id FROM changed`,
      [userId, newHash, oldHash],
    );
    return this.changed('credentials.replacePassword', rows);
  }

  /** The same password under current hashing parameters (not a password change). */
  async rehashPassword(manager: EntityManager, userId: string, hash: string): Promise<void> {
    await manager.query(`UPDATE ${credentials} SET password_hash = $2, updated_at = now() WHERE user_id = $1`, [userId, hash]);
  }

  /** Starts (or restarts) an enrolment: the sealed secret waits until a first code confirms it. */
  async startTotpEnrolment(manager: EntityManager, userId: string, sealed: { cipher: string; kid: string }): Promise<void> {
    await manager.query(
      `UPDATE ${credentials} SET totp_pending_cipher = $2, totp_pending_kid = $3, totp_pending_at = now(), updated_at = now()
        WHERE user_id = $1`,
      [userId, sealed.cipher, sealed.kid],
    );
  }

  /** Makes the pending secret (if it is still `pendingCipher`) the enrolled one, at `step`. */
  async confirmTotpEnrolment(manager: EntityManager, userId: string, pendingCipher: string, step: number): Promise<boolean> {
    const rows: unknown = await manager.query(
      `WITH confirmed AS (
         UPDATE ${credentials}
            SET totp_cipher = totp_pending_cipher, totp_kid = totp_pending_kid, totp_enrolled_at = now(), totp_last_step = $3,
                totp_pending_cipher = NULL, totp_pending_kid = NULL, totp_pending_at = NULL, updated_at = now()
          WHERE user_id = $1 AND totp_pending_cipher = $2 RETURNING user_id)
       SELECT user_id FROM confirmed`,
      [userId, pendingCipher, step],
    );
    return this.changed('credentials.confirmTotpEnrolment', rows);
  }

  /** Spends a TOTP step: only forward, so a code cannot be replayed; false when it is not newer. */
  async advanceTotpStep(manager: EntityManager, userId: string, step: number): Promise<boolean> {
    const rows: unknown = await manager.query(
      `WITH moved AS (
         UPDATE ${credentials} SET totp_last_step = $2, updated_at = now()
          WHERE user_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING user_id)
       SELECT user_id FROM moved`,
      [userId, step],
    );
    return this.changed('credentials.advanceTotpStep', rows);
  }

  /** The user's recovery codes become exactly these (hashes); the old ones are gone. */
  async replaceRecoveryCodes(manager: EntityManager, user: { id: string; companyId: string | null }, codeHashes: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM ${recoveryCodes} WHERE user_id = $1`, [user.id]);
    for (const codeHash of codeHashes) {
      await manager.query(`INSERT INTO ${recoveryCodes} (id, user_id, company_id, code_hash) VALUES ($1, $2, $3, $4)`, [
        randomUUID(),
        user.id,
        user.companyId,
        codeHash,
      ]);
    }
  }

  /** Marks the code used, once: false when it is unknown or was used (by a concurrent login, say). */
  async spendRecoveryCode(manager: EntityManager, userId: string, codeHash: string): Promise<boolean> {
    const rows: unknown = await manager.query(
      `WITH used AS (UPDATE ${recoveryCodes} SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id)
       SELECT id FROM used`,
      [userId, codeHash],
    );
    return parseRows('credentials.spendRecoveryCode', idRow, rows).length > 0;
  }

  /** Erasure: the password hash, TOTP secret and recovery codes go. */
  async deleteAllOf(manager: EntityManager, userId: string): Promise<void> {
    for (const table of ['credentials', 'recoveryCodes'] as const) {
      // Guarded: these tables arrive with the credentials feature; an older schema simply lacks them.
      const rows: unknown = await manager.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [sqlTable(table)]);
      if (parseFirstRow(`credentials.deleteAllOf(${AUTH_TABLES[table]})`, presentRow, rows)?.present) {
        await manager.query(`DELETE FROM ${sqlTable(table)} WHERE user_id = $1`, [userId]);
      }
    }
  }

  private changed(query: string, rows: unknown): boolean {
    return parseRows(query, userIdRow, rows).length > 0;
  }
}
