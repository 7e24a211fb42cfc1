// @Responds as a service uses it: the compiler holds the handler to the schema, the OpenAPI document
// carries the schema (and nothing for a route that declares none), and the response check refuses
// an answer that is not what the document says.
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { z } from 'zod';
import { createHttpApp } from '../create-app';
import { buildOpenApi } from '../openapi';
import { ResponseCheckInterceptor } from './response-check';
import { Responds } from './responds';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const thingView = z.object({ id: z.string(), size: z.number().int().nullable() });
type ThingView = z.input<typeof thingView>;

// Checked by `tsc` (typecheck), not at run time: each line below must stay a compile error.
export class CompileTimeOnly {
  // @ts-expect-error -- the handler returns a field of the wrong type
  @Responds(200, thingView)
  wrongType(): { id: number; size: null } {
    return { id: 1, size: null };
  }

  // @ts-expect-error -- the handler misses a field the schema requires
  @Responds(200, thingView)
  async missing(): Promise<{ id: string }> {
    return Promise.resolve({ id: 'a' });
  }

  // @ts-expect-error -- a 204 has no body
  @Responds(204)
  body(): string {
    return 'x';
  }
}

let answer: unknown = { id: 'a', size: 3 };

@Controller('things')
class ThingsController {
  @Get()
  @Responds(200, z.array(thingView))
  list(): ThingView[] {
    return [{ id: 'a', size: null }];
  }

  @Get('one')
  @Responds(200, thingView)
  one(): ThingView {
    return answer as ThingView;
  }

  @Post()
  @HttpCode(204)
  @Responds(204)
  touch(): void {}

  @Post('undeclared')
  undeclared(): string {
    return 'whatever';
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

@Controller('wrong')
class WrongStatusController {
  @Post()
  @Responds(200, thingView)
  create(): ThingView {
    return { id: 'a', size: 1 };
  }
}

@Module({ controllers: [WrongStatusController] })
class WrongStatusModule {}

interface Operation {
  responses: Record<string, { description: string; content?: { 'application/json': { schema: Record<string, unknown> } } }>;
}

describe('@Responds', () => {
  let app: NestFastifyApplication;
  let operation: (path: string, method: 'get' | 'post') => Operation;

  beforeAll(async () => {
    app = await createHttpApp(ThingsModule, { logger: silent });
    app.useGlobalInterceptors(new ResponseCheckInterceptor());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const document = buildOpenApi(app, { service: { name: 't', apiVersion: '1', description: 'd' }, include: [ThingsModule] });
    operation = (path, method) => document.paths[path]?.[method] as unknown as Operation;
  });
  afterAll(() => app.close());

  it('documents the success body as the schema (OpenAPI 3.0: nullable, no $schema)', () => {
    const ok = operation('/things/one', 'get').responses['200'];
    expect(ok?.content?.['application/json'].schema).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, size: { type: 'integer', nullable: true, minimum: expect.any(Number) as number, maximum: expect.any(Number) as number } },
      required: ['id', 'size'],
    });
    expect(operation('/things', 'get').responses['200']?.content?.['application/json'].schema).toMatchObject({ type: 'array' });
  });

  it('documents a 204 without a body', () => {
    expect(operation('/things', 'post').responses['204']).toEqual({ description: 'No content' });
  });

  it('guesses nothing for a route without a declaration: no success response at all', () => {
    const statuses = Object.keys(operation('/things/undeclared', 'post').responses);
    expect(statuses.filter((s) => s.startsWith('2'))).toEqual([]);
    expect(statuses).toContain('500');
  });

  it('refuses to document a status the route does not answer with', async () => {
    const wrong = await createHttpApp(WrongStatusModule, { logger: silent });
    try {
      expect(() => buildOpenApi(wrong, { service: { name: 't', apiVersion: '1', description: 'd' }, include: [WrongStatusModule] })).toThrow(
        'WrongStatusController.create answers 201 but @Responds declares 200',
      );
    } finally {
      await wrong.close();
    }
  });

  describe('the response check (tests)', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    afterAll(() => stderr.mockRestore());

    it.each([
      ['an answer that fits', { id: 'a', size: 3 }, 200],
      ['a field of the wrong type', { id: 'a', size: 'big' }, 500],
      ['a missing field', { id: 'a' }, 500],
      ['a field the document does not name', { id: 'a', size: 1, secret: 'x' }, 500],
    ])('%s answers %#', async (_name, body, status) => {
      answer = body;
      const response = await app.inject({ method: 'GET', url: '/things/one' });
      expect(response.statusCode).toBe(status);
    });

    it('says why, on stderr, naming the route', async () => {
      answer = { id: 'a', size: 1, secret: 'x' };
      stderr.mockClear();
      await app.inject({ method: 'GET', url: '/things/one' });
      expect(String(stderr.mock.calls[0]?.[0])).toContain('ThingsController.one: the body carries fields the schema does not declare');
    });

    it('lets a 204 through and leaves undeclared routes alone', async () => {
      expect((await app.inject({ method: 'POST', url: '/things' })).statusCode).toBe(204);
      expect((await app.inject({ method: 'POST', url: '/things/undeclared' })).statusCode).toBe(201);
    });
  });
});
