// The one home of auth.campaigns (row-level security on company_id). Counting an account against
// the cap is one UPDATE that also checks the cap and that the campaign is open: never one too many.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { col, parseRows } from '@webinar/persistence';
import { sqlTable } from '../tables';
import { Campaign } from './campaign.entity';

const campaigns = sqlTable('campaigns');
const idRow = z.object({ id: col.id });

export type NewCampaignRow = Pick<Campaign, 'id' | 'companyId' | 'seminarId' | 'label' | 'expiresAt' | 'signupCap' | 'createdBy'>;

@Injectable()
export class CampaignsStore {
  async insert(manager: EntityManager, row: NewCampaignRow): Promise<void> {
    await manager.insert(Campaign, row);
  }

  findById(manager: EntityManager, id: string): Promise<Campaign> {
    return manager.findOneByOrFail(Campaign, { id });
  }

  /** The row, write-locked until commit; null when there is none (or row-level security hides it). */
  findForUpdate(manager: EntityManager, id: string): Promise<Campaign | null> {
    return manager.findOne(Campaign, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The campaign while it is neither revoked nor expired; null otherwise. */
  findOpen(manager: EntityManager, id: string): Promise<Campaign | null> {
    return manager.createQueryBuilder(Campaign, 'c').where('c.id = :id', { id }).andWhere('c.revokedAt IS NULL AND c.expiresAt > now()').getOne();
  }

  /** Newest first; of one company, or of every company the transaction may see. */
  list(manager: EntityManager, companyId: string | undefined, limit: number): Promise<Campaign[]> {
    return manager.find(Campaign, { where: companyId ? { companyId } : {}, order: { createdAt: 'DESC' }, take: limit });
  }

  async revoke(manager: EntityManager, id: string): Promise<void> {
    await manager.update(Campaign, { id }, { revokedAt: () => 'now()' });
  }

  /** Counts one more account if the campaign is open and under its cap; false otherwise. */
  async countAccount(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown = await manager.query(
      `WITH counted AS (
         UPDATE ${campaigns} SET accounts_created = accounts_created + 1
          WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()
            AND (signup_cap IS NULL OR accounts_created < signup_cap)
         RETURNING id)
       SELECT id FROM counted`,
      [id],
    );
    return parseRows('campaigns.countAccount', idRow, rows).length > 0;
  }
}
