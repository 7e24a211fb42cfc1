// Each web-tier service's OpenAPI document, as the running service serves it: starts the built
// service (node services/<name>/dist/main.js, embedded database, in-process bus, loopback, a free
// port), fetches /<prefix>/openapi.json, and writes it to services/<name>/openapi.json; with
// --check, fails when the committed file differs from what the service serves.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const { stableJson } = require('@webinar/http');
const services = require('./service-catalog.cjs');

const check = process.argv.includes('--check');
// Generous: on a loaded machine three embedded databases migrating at once took over a minute.
const START_TIMEOUT_MS = 180_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The document the service serves once it is up; the process's output when it never comes up. */
async function servedDocument(service) {
  const dataDir = mkdtempSync(join(tmpdir(), `openapi-${service.name}-`));
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...service.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [service.main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${service.name} exited (${child.exitCode}) before serving:\n${output.slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/${service.prefix}/openapi.json`);
        if (res.ok) return await res.json();
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${service.name} served no document within ${START_TIMEOUT_MS} ms:\n${output.slice(-2000)}`);
      await sleep(200);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// All at once: each start is mostly the embedded database's migrations.
const documents = await Promise.all(services.map((service) => servedDocument(service)));
let drift = 0;
for (const [i, service] of services.entries()) {
  const document = documents[i];
  const text = stableJson(document);
  const file = join(service.dir, 'openapi.json');
  const paths = Object.keys(document.paths ?? {}).length;
  if (check) {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (committed !== text) {
      drift += 1;
      console.error(`${service.name}: services/${service.name}/openapi.json differs from what the service serves; run \`node tools/openapi.mjs\` and commit it`);
    } else {
      console.log(`${service.name}: openapi.json is what the service serves (${paths} paths)`);
    }
  } else {
    writeFileSync(file, text);
    console.log(`${service.name}: wrote openapi.json from the running service (${paths} paths)`);
  }
}
process.exit(drift > 0 ? 1 : 0);
