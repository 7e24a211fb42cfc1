// The one home of cms.companies (the tenants). Row-level security decides what a transaction sees.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Company } from './company.entity';

@Injectable()
export class CompaniesStore {
  insert(manager: EntityManager, company: { id: string; name: string }): Promise<Company> {
    return manager.save(manager.create(Company, company));
  }

  /** Oldest first. */
  list(manager: EntityManager): Promise<Company[]> {
    return manager.find(Company, { order: { createdAt: 'ASC' } });
  }

  findById(manager: EntityManager, id: string): Promise<Company | null> {
    return manager.findOneBy(Company, { id });
  }
}
