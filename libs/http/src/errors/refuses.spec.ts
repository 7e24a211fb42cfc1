// defineErrors and @Refuses as a service uses them: the thrower's error, and the OpenAPI document
// built from the declarations (stacked, on the controller, and the platform's implicit refusals).
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SharedErrors } from '@webinar/contracts';
import { AppError } from '../app-error';
import { createHttpApp } from '../create-app';
import { buildOpenApi } from '../openapi';
import { defineErrors } from './define-errors';
import { Refuses } from './refuses';
import { Responds } from '../responses/responds';
import { z } from 'zod';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

const ThingErrors = defineErrors({
  notFound: { code: 'THING.NOT_FOUND', status: 404, message: 'No such thing.' },
  tooBig: { code: 'THING.TOO_BIG', status: 400, message: ({ max }: { max: number }) => `At most ${max}.` },
  gone: { code: 'THING.GONE', status: 404, message: 'Gone.' },
  busy: { code: 'THING.BUSY', status: 409, message: 'Busy.' },
});

@Refuses(ThingErrors.busy)
@Controller('things')
class ThingsController {
  @Get()
  @Responds(200, z.array(z.string()))
  @Refuses(ThingErrors.notFound)
  @Refuses(ThingErrors.gone, ThingErrors.notFound)
  list(): string[] {
    return [];
  }

  @Post()
  @HttpCode(204)
  @Responds(204)
  @Refuses(ThingErrors.tooBig, SharedErrors.rateLimited)
  create(): void {}
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

interface Response {
  description: string;
  content?: { 'application/json': { schema: { allOf: [{ $ref: string }, { properties: { code: { enum: string[] } } }] } } };
}

describe('defineErrors', () => {
  it('gives throwers that build the AppError of their entry, details typed', () => {
    const error = ThingErrors.tooBig({ max: 3 });
    expect(error).toBeInstanceOf(AppError);
    expect({ code: error.code, status: error.status, message: error.message }).toEqual({ code: 'THING.TOO_BIG', status: 400, message: 'At most 3.' });
    expect(ThingErrors.tooBig.is(error) && error.details.max).toBe(3);
    expect(ThingErrors.notFound.is(error)).toBe(false);
    expect(ThingErrors.notFound.is(new Error('THING.NOT_FOUND'))).toBe(false);
  });
});

describe('@Refuses in the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let responses: (method: 'get' | 'post') => Record<string, Response>;

  beforeAll(async () => {
    app = await createHttpApp(ThingsModule, { logger: silent });
    const document = buildOpenApi(app, { service: { name: 't', apiVersion: '1', description: 'd' }, include: [ThingsModule] });
    expect(document.components?.schemas?.['Problem']).toMatchObject({ required: ['code', 'message'] });
    responses = (method) => (document.paths['/things']?.[method]?.responses ?? {}) as Record<string, Response>;
  });
  afterAll(() => app.close());

  const codes = (r: Response | undefined): string[] | undefined => r?.content?.['application/json'].schema.allOf[1].properties.code.enum;

  it('lists each status once with every code declared for it, stacked or repeated', () => {
    expect(codes(responses('get')['404'])).toEqual(['THING.GONE', 'THING.NOT_FOUND']);
    expect(responses('get')['404']?.description).toContain('`THING.GONE`: Gone.');
  });

  it('adds the controller-wide refusals and the platform ones, and keeps the success response', () => {
    expect(codes(responses('get')['409'])).toEqual(['THING.BUSY']);
    expect(codes(responses('get')['400'])).toEqual([SharedErrors.invalidRequest.code]);
    expect(responses('get')['200']).toEqual({ description: 'OK', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } });
    expect(responses('post')['204']).toEqual({ description: 'No content' });
    expect(codes(responses('get')['500'])).toEqual([SharedErrors.internal.code]);
  });

  it('merges a route refusal into the platform status it shares', () => {
    expect(codes(responses('post')['400'])).toEqual([SharedErrors.invalidRequest.code, 'THING.TOO_BIG']);
    expect(codes(responses('post')['429'])).toEqual([SharedErrors.rateLimited.code]);
  });

  it('documents the access guard where a route is neither public nor internal', () => {
    // No access policy and no @Public here: the platform treats such a route as guarded.
    expect(codes(responses('get')['401'])).toEqual([SharedErrors.unauthenticated.code]);
    expect(codes(responses('get')['503'])).toEqual([SharedErrors.unavailable.code]);
  });

  it('is idempotent: building the document again changes nothing', () => {
    const again = buildOpenApi(app, { service: { name: 't', apiVersion: '1', description: 'd' }, include: [ThingsModule] });
    expect(again.paths['/things']?.get?.responses).toEqual(responses('get'));
  });
});
