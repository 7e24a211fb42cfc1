// The one home of auth.companies: the companies auth has learned of from cms's company events.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { KnownCompany } from './known-company.entity';

@Injectable()
export class KnownCompaniesStore {
  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(KnownCompany, { id });
  }

  async learn(manager: EntityManager, company: { id: string; name: string }): Promise<void> {
    await manager.insert(KnownCompany, company);
  }
}
