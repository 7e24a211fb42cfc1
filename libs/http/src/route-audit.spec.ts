import { Controller, Get, Module, Post } from '@nestjs/common';
import { Public, RequireRoles } from '@webinar/security';
import { createHttpApp } from './create-app';
import { listRoutes, undeclaredRoutes } from './route-audit';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

@Controller('audited')
class AuditedController {
  @Get('open')
  @Public()
  open(): string {
    return 'open';
  }

  @Post('admin')
  @RequireRoles('admin')
  admin(): string {
    return 'admin';
  }

  // Deliberately forgotten: no @Public() and no access policy.
  @Get('forgotten')
  forgotten(): string {
    return 'forgotten';
  }
}

@Module({ controllers: [AuditedController] })
class AuditedModule {}

describe('route audit', () => {
  it('lists routes from the router metadata with their access declaration', async () => {
    const app = await createHttpApp(AuditedModule, { logger: silent });
    try {
      const sut = listRoutes(app);
      expect(sut.map((r) => `${r.method} ${r.path} public=${r.isPublic} policy=${r.hasPolicy}`)).toEqual([
        'POST /audited/admin public=false policy=true',
        'GET /audited/forgotten public=false policy=false',
        'GET /audited/open public=true policy=false',
      ]);
      expect(undeclaredRoutes(sut).map((r) => r.handler)).toEqual(['forgotten']);
    } finally {
      await app.close();
    }
  });
});
