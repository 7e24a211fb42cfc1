// Generates each web-tier service's OpenAPI document from its controllers (built code) and writes
// it to services/<name>/openapi.json; with --check, fails when the committed file differs.
import { Module } from '@nestjs/common';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { buildOpenApi, createHttpApp, PlatformModule, stableJson } = require('@webinar/http');
const { InProcessBus } = require('@webinar/messaging');
const { HealthModule } = require('@webinar/observability');
const services = require('./service-catalog.cjs');

const check = process.argv.includes('--check');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
let drift = 0;

for (const service of services) {
  const dataDir = mkdtempSync(join(tmpdir(), `openapi-${service.name}-`));
  const bus = new InProcessBus({ logger: silent });
  try {
    const serviceModule = await service.module(dataDir);
    class OpenApiRoot {}
    Module({ imports: [PlatformModule.forRoot({ logger: silent, bus }), HealthModule.forRoot(), serviceModule] })(OpenApiRoot);
    const app = await createHttpApp(OpenApiRoot, { logger: silent });
    const document = buildOpenApi(app, { title: service.title, version: '1', description: service.description, include: [serviceModule.module] });
    await app.close();
    const text = stableJson(document);
    const file = join(service.dir, 'openapi.json');
    if (check) {
      const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (committed !== text) {
        drift += 1;
        console.error(`${service.name}: services/${service.name}/openapi.json is out of date; run \`node tools/openapi.mjs\` and commit it`);
      } else {
        console.log(`${service.name}: openapi.json up to date (${Object.keys(document.paths).length} paths)`);
      }
    } else {
      writeFileSync(file, text);
      console.log(`${service.name}: wrote openapi.json (${Object.keys(document.paths).length} paths)`);
    }
  } finally {
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
process.exit(drift > 0 ? 1 : 0);
