// The HTTP shell as a client sees it: validation, error bodies, security headers, body limits.
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { z } from 'zod';
import { AppError } from './app-error';
import { createHttpApp } from './create-app';
import { BodySchema, QuerySchema } from './validation';

const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

@Controller('things')
class ThingsController {
  @Post()
  @BodySchema(z.strictObject({ name: z.string().min(1).max(10) }))
  create(@Body() body: { name: string }): { name: string } {
    return body;
  }

  @Get()
  @QuerySchema(z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(10) }))
  list(@Query() query: { limit: number }): { limit: number } {
    return query;
  }

  @Get('plain')
  plain(): { ok: boolean } {
    return { ok: true };
  }

  @Get('item/:id')
  item(@Param('id') id: string): { id: string } {
    if (id !== 'known') throw new AppError('THING.NOT_FOUND', 404, 'No such thing.');
    return { id };
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password=hunter2 at 10.0.0.7');
  }
}

@Module({ controllers: [ThingsController] })
class TestModule {}

describe('createHttpApp', () => {
  let sut: NestFastifyApplication;

  beforeAll(async () => {
    sut = await createHttpApp(TestModule, { logger: silent, bodyLimitBytes: 1024 });
    await sut.init();
    await sut.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => sut.close());

  const inject = (opts: { method: 'GET' | 'POST'; url: string; payload?: string | object; headers?: Record<string, string> }) =>
    sut.inject(opts);

  it('accepts a valid body and returns the parsed value', async () => {
    const response = await inject({ method: 'POST', url: '/things', payload: { name: 'ok' } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ name: 'ok' });
  });

  it('rejects an invalid body with REQUEST.INVALID and the failing path', async () => {
    const response = await inject({ method: 'POST', url: '/things', payload: { name: '', extra: 1 } });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; issues: { path: string }[] }>();
    expect(body.code).toBe('REQUEST.INVALID');
    expect(body.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['body.name']));
  });

  it('rejects malformed JSON with a 400 and a stable code', async () => {
    const response = await inject({ method: 'POST', url: '/things', payload: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('REQUEST.INVALID');
  });

  it('rejects an oversized body with 413 REQUEST.TOO_LARGE', async () => {
    const response = await inject({ method: 'POST', url: '/things', payload: { name: 'x'.repeat(5000) } });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('REQUEST.TOO_LARGE');
  });

  it('validates and coerces the query string', async () => {
    expect((await inject({ method: 'GET', url: '/things?limit=5' })).json()).toEqual({ limit: 5 });
    expect((await inject({ method: 'GET', url: '/things?limit=500' })).statusCode).toBe(400);
  });

  it('refuses query parameters on a handler that declares none', async () => {
    const response = await inject({ method: 'GET', url: '/things/plain?debug=1' });
    expect(response.statusCode).toBe(400);
  });

  it('answers unknown routes with ROUTE.NOT_FOUND and no echo of the path', async () => {
    const response = await inject({ method: 'GET', url: '/nothing/here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'ROUTE.NOT_FOUND', message: 'Not found.' });
  });

  it('turns a crash into a 500 with an error id and no internals, and logs the same id', async () => {
    const response = await inject({ method: 'GET', url: '/things/boom' });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body.code).toBe('INTERNAL');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).not.toMatch(/hunter2|10\.0\.0\.7/);
    expect(silent.error).toHaveBeenCalledWith(expect.objectContaining({ errorId: body.errorId }), 'unhandled error');
  });

  it('sends the security headers', async () => {
    const response = await inject({ method: 'GET', url: '/things/plain' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers ids longer than the router default (100) exactly like unknown ids, not 414', async () => {
    const unknown = await inject({ method: 'GET', url: '/things/item/unknown' });
    expect(unknown.statusCode).toBe(404);
    for (const length of [100, 101, 300, 2_000, 10_000]) {
      const response = await inject({ method: 'GET', url: `/things/item/${'a'.repeat(length)}` });
      expect({ length, status: response.statusCode, body: response.json() }).toEqual({ length, status: 404, body: unknown.json() });
    }
    expect((await inject({ method: 'GET', url: '/things/item/known' })).statusCode).toBe(200);
  });
});
