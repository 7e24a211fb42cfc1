// The error catalogue as a whole: every `*.errors.ts` of every service plus the shared and viewer
// codes of @webinar/contracts. Files are found on disk, so a catalogue added tomorrow is checked
// without anyone listing it. Proves: no code is defined twice, every entry has a status and a
// message, every thrower answers its own status and code through the real HTTP shell, and the
// committed OpenAPI documents name only codes the catalogue defines.
import { Controller, Get, Module, Param } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ErrorSpec, SharedErrors, ViewerErrors } from '@webinar/contracts';
import { createHttpApp, defineErrors, type ErrorThrower, HttpErrors, isErrorCatalogue, toErrorResponse } from '@webinar/http';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const silent = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

function errorFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : errorFiles(path);
    return entry.name.endsWith('.errors.ts') ? [path] : [];
  });
}

interface Entry {
  where: string;
  thrower: ErrorThrower;
}

function loadCatalogue(): Entry[] {
  const entries: Entry[] = [];
  const add = (where: string, catalogue: Readonly<Record<string, ErrorThrower>>): void => {
    for (const [key, thrower] of Object.entries(catalogue)) entries.push({ where: `${where}.${key}`, thrower });
  };
  add('contracts:SharedErrors', HttpErrors);
  add('contracts:ViewerErrors', defineErrors(ViewerErrors));
  for (const file of errorFiles(join(root, 'services'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the files are found on disk at run time
    const exports = require(file) as Record<string, unknown>;
    const catalogues = Object.entries(exports).filter(([, value]) => isErrorCatalogue(value));
    // A `*.errors.ts` that declares its errors some other way is exactly what this test forbids.
    if (catalogues.length === 0) throw new Error(`${relative(root, file)} exports no defineErrors catalogue`);
    for (const [name, catalogue] of catalogues) add(`${relative(root, file)}:${name}`, catalogue as Readonly<Record<string, ErrorThrower>>);
  }
  return entries;
}

/** Details for a message function: every field it reads is 7 (durations, days, states alike). */
const anyDetails = new Proxy({}, { get: () => 7 }) as never;
const messageOf = (spec: ErrorSpec<never>): string => (typeof spec.message === 'string' ? spec.message : spec.message(anyDetails));

describe('the error catalogue', () => {
  const entries = loadCatalogue();

  it('finds every service catalogue and the shared ones', () => {
    const files = new Set(entries.map((e) => e.where.split(':')[0] ?? ''));
    for (const service of ['auth', 'cms', 'stream']) {
      expect([...files].some((f) => f.startsWith(`services/${service}/`))).toBe(true);
    }
    expect(files.has('contracts')).toBe(true);
    expect(entries.length).toBeGreaterThan(60);
  });

  it('defines no code twice (reusing a shared entry is one definition)', () => {
    const byCode = new Map<string, { spec: ErrorSpec<never>; where: string[] }>();
    const duplicates: string[] = [];
    for (const { where, thrower } of entries) {
      const seen = byCode.get(thrower.code);
      if (!seen) byCode.set(thrower.code, { spec: thrower.spec, where: [where] });
      else if (seen.spec !== thrower.spec) duplicates.push(`${thrower.code}: ${[...seen.where, where].join(', ')}`);
      else seen.where.push(where);
    }
    expect(duplicates).toEqual([]);
  });

  it('gives every entry a MODULE.REASON code, an error status and a message', () => {
    const bad = entries
      .filter(({ thrower: { spec } }) => {
        const codeOk = /^[A-Z][A-Z_]*\.[A-Z][A-Z_]*$/.test(spec.code) || spec.code === SharedErrors.internal.code;
        const statusOk = Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599;
        const message = messageOf(spec);
        return !codeOk || !statusOk || message.trim().length === 0 || message.includes('undefined');
      })
      .map((e) => e.where);
    expect(bad).toEqual([]);
  });

  it('has one code for 503', () => {
    const unavailable = new Set(entries.filter((e) => e.thrower.status === 503).map((e) => e.thrower.code));
    expect([...unavailable]).toEqual([SharedErrors.unavailable.code]);
  });

  it('renders every thrower with its own status, code and message', () => {
    const wrong = entries.filter(({ thrower }) => {
      const { status, body } = toErrorResponse(thrower(anyDetails));
      return status !== thrower.status || body.code !== thrower.code || body.message !== messageOf(thrower.spec);
    });
    expect(wrong.map((e) => e.where)).toEqual([]);
  });

  describe('on the wire (one real request per status)', () => {
    const oneOfEachStatus = [...new Map(entries.map((e) => [e.thrower.status, e])).values()].sort((a, b) => a.thrower.status - b.thrower.status);
    let app: NestFastifyApplication;
    let base: string;

    @Controller('raise')
    class RaiseController {
      @Get(':index')
      raise(@Param('index') index: string): never {
        const entry = oneOfEachStatus[Number(index)];
        if (!entry) throw new Error('no such entry');
        throw entry.thrower(anyDetails);
      }
    }

    @Module({ controllers: [RaiseController] })
    class RaiseModule {}

    beforeAll(async () => {
      app = await createHttpApp(RaiseModule, { logger: silent });
      await app.listen(0, '127.0.0.1');
      base = await app.getUrl();
    });
    afterAll(() => app.close());

    it('covers the 4xx and 5xx classes', () => {
      const classes = new Set(oneOfEachStatus.map((e) => Math.floor(e.thrower.status / 100)));
      expect([...classes].sort()).toEqual([4, 5]);
    });

    it.each(oneOfEachStatus.map((e, index) => [e.thrower.status, e.thrower.code, index] as const))(
      'answers %i %s with the problem body',
      async (status, code, index) => {
        const response = await fetch(`${base.replace('[::1]', '127.0.0.1')}/raise/${index}`);
        const body = (await response.json()) as { code: string; message: string };
        expect({ status: response.status, code: body.code, hasMessage: body.message.length > 0 }).toEqual({ status, code, hasMessage: true });
        expect(response.headers.get('cache-control')).toBe('no-store');
      },
    );
  });

  it('documents in OpenAPI only codes the catalogue defines', () => {
    const known = new Set(entries.map((e) => e.thrower.code));
    const unknown: string[] = [];
    for (const service of ['auth', 'cms', 'polls']) {
      const document = JSON.parse(readFileSync(join(root, 'services', service, 'openapi.json'), 'utf8')) as {
        paths: Record<string, Record<string, { responses: Record<string, { schema?: unknown; content?: unknown }> }>>;
      };
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          // Only the error answers: a success body's enums (states, statuses) are not error codes.
          const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
          const codes = JSON.stringify(Object.fromEntries(errors)).match(/"code":\{"enum":\[[^\]]*\]/g) ?? [];
          for (const list of codes) {
            for (const code of JSON.parse(list.slice('"code":{"enum":'.length)) as string[]) {
              if (!known.has(code)) unknown.push(`${service} ${method.toUpperCase()} ${path}: ${code}`);
            }
          }
        }
      }
    }
    expect(unknown).toEqual([]);
  });
});
