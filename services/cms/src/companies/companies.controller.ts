import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, Refuses, Responds } from '@webinar/http';
import { z } from 'zod';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { CMS_PREFIX } from '../cms.constants';
import { tenantOf } from '../tenancy/tenant-of';
import { CompanyErrors } from './company.errors';
import { companyIdParam, createCompanyBody, type CompanyView, companyView, type CreateCompanyBody } from './company.schemas';
import { CompaniesService } from './companies.service';
import { TenancyErrors } from '../tenancy/tenancy.errors';

@ApiTags('companies')
@Controller(`${CMS_PREFIX}/companies`)
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('root')
  @BodySchema(createCompanyBody)
  @Responds(201, companyView)
  @Refuses(CompanyErrors.nameTaken)
  create(@Body() body: CreateCompanyBody): Promise<CompanyView> {
    return this.companies.create(body.name);
  }

  @Get()
  @RequireRoles('root', 'admin')
  @Responds(200, z.array(companyView))
  @Refuses(HttpErrors.elevationRequired, TenancyErrors.noCompany)
  list(@CurrentIdentity() identity: AccessIdentity): Promise<CompanyView[]> {
    return this.companies.list(tenantOf(identity));
  }

  @Get(':id')
  @RequireRoles('root', 'admin')
  @Responds(200, companyView)
  @Refuses(CompanyErrors.notFound, HttpErrors.elevationRequired, TenancyErrors.noCompany)
  get(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<CompanyView> {
    // An id that is not a uuid cannot name a company: answer like an unknown one.
    if (!companyIdParam.safeParse(id).success) throw CompanyErrors.notFound();
    return this.companies.get(tenantOf(identity), id);
  }
}
