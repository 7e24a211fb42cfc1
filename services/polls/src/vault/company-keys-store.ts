// The one home of polls.company_keys: one random key per company, stored only wrapped by the master
// key (AES-256-GCM, with the master key's kid), so the database alone never yields key material.
import { Injectable } from '@nestjs/common';
import { col, parseFirstRow } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { sqlTable } from '../tables';

const companyKeys = sqlTable('companyKeys');
const keyRow = z.object({ wrapped_key: col.text, kid: col.text });

export interface WrappedCompanyKey {
  wrappedKey: string;
  kid: string;
}

@Injectable()
export class CompanyKeysStore {
  /** Stores the key unless the company has one; two first writes race on the primary key, one wins. */
  async insertIfAbsent(manager: EntityManager, companyId: string, key: WrappedCompanyKey): Promise<void> {
    await manager.query(
      `INSERT INTO ${companyKeys} (company_id, wrapped_key, kid) VALUES ($1, $2, $3) ON CONFLICT (company_id) DO NOTHING`,
      [companyId, key.wrappedKey, key.kid],
    );
  }

  async find(manager: EntityManager, companyId: string): Promise<WrappedCompanyKey | undefined> {
    const raw: unknown = await manager.query(`SELECT wrapped_key, kid FROM ${companyKeys} WHERE company_id = $1`, [companyId]);
    const row = parseFirstRow('companyKeys.find', keyRow, raw);
    return row && { wrappedKey: row.wrapped_key, kid: row.kid };
  }
}
