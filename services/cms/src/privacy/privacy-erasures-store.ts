// The one home of cms.privacy_erasures: one row per erasure request, with each service's outcome.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PrivacyErasure } from './privacy-erasure.entity';

@Injectable()
export class PrivacyErasuresStore {
  insert(manager: EntityManager, row: Omit<PrivacyErasure, 'requestedAt'>): Promise<PrivacyErasure> {
    return manager.save(manager.create(PrivacyErasure, row));
  }

  /** The request, write-locked until commit (outcomes arrive concurrently); null when absent. */
  findForUpdate(manager: EntityManager, id: string): Promise<PrivacyErasure | null> {
    return manager.findOne(PrivacyErasure, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async saveOutcomes(manager: EntityManager, id: string, outcomes: Record<string, string>, completedAt: Date | null): Promise<void> {
    await manager.update(PrivacyErasure, { id }, { outcomes, completedAt });
  }
}
