// The one home of auth.users: every read and write of an account row is here, in the caller's
// transaction (row-level security on company_id applies to all of it). Sealing and opening the
// e-mail address is UsersService's job; this store only moves rows.
import { Injectable } from '@nestjs/common';
import type { GlobalRole } from '@webinar/security';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { col, parseFirstRow, parseRows } from '@webinar/persistence';
import { sqlTable } from '../tables';
import { USER_STATUSES, User, type UserStatus } from './user.entity';

export interface NewUserRow {
  id: string;
  companyId: string | null;
  role: GlobalRole;
  status: UserStatus;
  emailCipher: string;
  emailKid: string;
  emailIndex: string;
}

const users = sqlTable('users');
const statusRow = z.object({ status: z.enum(USER_STATUSES) });
const idRow = z.object({ id: col.id });

@Injectable()
export class UsersStore {
  findById(manager: EntityManager, id: string): Promise<User | null> {
    return manager.findOneBy(User, { id });
  }

  findByEmailIndex(manager: EntityManager, emailIndex: string): Promise<User | null> {
    return manager.findOneBy(User, { emailIndex });
  }

  findRoots(manager: EntityManager): Promise<User[]> {
    return manager.findBy(User, { role: 'root' });
  }

  insert(manager: EntityManager, row: NewUserRow): Promise<User> {
    return manager.save(manager.create(User, row));
  }

  async setStatus(manager: EntityManager, id: string, status: UserStatus): Promise<void> {
    await manager.update(User, { id }, { status });
  }

  /** Erasure: disabled, the address replaced by a sealed marker and an index no address hashes to. */
  async replaceEmail(manager: EntityManager, id: string, email: { cipher: string; kid: string; index: string }): Promise<void> {
    await manager.update(User, { id }, { status: 'disabled', emailCipher: email.cipher, emailKid: email.kid, emailIndex: email.index });
  }

  /** The account's status, share-locked until commit: it cannot be disabled while a login completes. */
  async lockedStatusOf(manager: EntityManager, id: string): Promise<UserStatus | undefined> {
    const rows: unknown = await manager.query(`SELECT status FROM ${users} WHERE id = $1 FOR SHARE`, [id]);
    return parseFirstRow('users.lockedStatusOf', statusRow, rows)?.status;
  }

  /** Only a prospect of that company becomes a customer; false when nothing changed. */
  async promoteProspect(manager: EntityManager, userId: string, companyId: string): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not the rows.
    const rows: unknown = await manager.query(
      `WITH promoted AS (
         UPDATE ${users} SET role = 'customer' WHERE id = $1 AND company_id = $2 AND role = 'prospect' RETURNING id)
       SELECT id FROM promoted`,
      [userId, companyId],
    );
    return parseRows('users.promoteProspect', idRow, rows).length > 0;
  }

  existsInCompany(manager: EntityManager, userId: string, companyId: string): Promise<boolean> {
    return manager.existsBy(User, { id: userId, companyId });
  }

  /** Serialises the first-start creation of root: two processes starting together make one root. */
  async lockRootCreation(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${AUTH_SCHEMA}.root-bootstrap`]);
  }
}
