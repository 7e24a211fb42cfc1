// Companies are the tenants. Creating one writes the row and its `cms.company.created.v1` message in
// one transaction (outbox), so other services learn of every company exactly when it exists.
import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@webinar/contracts';
import { enqueue } from '@webinar/messaging';
import { DATABASE, type Database, withTenant, type TenantContext } from '@webinar/persistence';
import { randomUUID } from 'node:crypto';
import { CMS_SCHEMA } from '../cms.constants';
import { CompaniesStore } from './companies-store';
import type { Company } from './company.entity';
import { CompanyErrors } from './company.errors';
import type { CompanyView } from './company.schemas';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

function toView(company: Company): CompanyView {
  return { id: company.id, name: company.name, createdAt: company.createdAt.toISOString() };
}

@Injectable()
export class CompaniesService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly store: CompaniesStore,
  ) {}

  async create(name: string): Promise<CompanyView> {
    const id = randomUUID();
    try {
      const company = await withTenant(this.database.dataSource, { root: true }, async (manager) => {
        const saved = await this.store.insert(manager, { id, name });
        await enqueue(manager, CMS_SCHEMA, Events.CompanyCreated, {
          companyId: id,
          name,
          createdAt: saved.createdAt.toISOString(),
        });
        return saved;
      });
      return toView(company);
    } catch (error) {
      if (isUniqueViolation(error)) throw CompanyErrors.nameTaken();
      throw error;
    }
  }

  /** Row-level security decides what the tenant sees: root all companies, an admin only their own. */
  async list(tenant: TenantContext): Promise<CompanyView[]> {
    const companies = await withTenant(this.database.dataSource, tenant, (manager) => this.store.list(manager));
    return companies.map(toView);
  }

  async get(tenant: TenantContext, id: string): Promise<CompanyView> {
    const company = await withTenant(this.database.dataSource, tenant, (manager) => this.store.findById(manager, id));
    if (!company) throw CompanyErrors.notFound();
    return toView(company);
  }
}
