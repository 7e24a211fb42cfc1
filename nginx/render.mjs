#!/usr/bin/env node
// Renders nginx/webinar.conf.template to stdout (or to --out FILE) from environment variables.
// Every ${NAME} in the template must have a value (from the environment or a default below); an
// unknown or missing one stops with a message naming it, so a typo never yields a half-open config.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Values an operator rarely changes. Everything else (upstreams, certificate, names) is required. */
export const defaults = {
  WORKER_PROCESSES: 'auto',
  DAEMON: 'off',
  RUNTIME_DIR: '/run/webinar-nginx',
  LOG_DIR: '/var/log/nginx',
  MIME_TYPES: '/etc/nginx/mime.types',
  LISTEN: '443',
  CREDENTIALS_RATE: '10r/s',
  CREDENTIALS_BURST: '20',
  API_RATE: '50r/s',
  API_BURST: '100',
  CONNECTIONS_PER_CLIENT: '64',
  REJECT_UNKNOWN_HOSTS: 'on',
};

const required = ['SERVER_NAME', 'TLS_CERT_FILE', 'TLS_KEY_FILE', 'AUTH_UPSTREAM', 'CMS_UPSTREAM', 'POLLS_UPSTREAM', 'WEB_ROOT', 'MEDIA_ORIGIN'];

// Values land inside nginx directives: refuse anything that could end a directive or open a block.
const safeValue = /^[A-Za-z0-9_.:/\-[\]* ]+$/;

export function render(template, env) {
  const values = { ...defaults };
  for (const name of [...Object.keys(defaults), ...required]) {
    if (env[name] !== undefined && env[name] !== '') values[name] = env[name];
  }
  const missing = required.filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')} (see nginx/README.md)`);
  for (const [name, value] of Object.entries(values)) {
    if (!safeValue.test(value)) throw new Error(`${name} has characters nginx would misread: only letters, digits, space and _.:/-[]* are allowed`);
  }
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`the template names \${${name}}, which render.mjs does not know`);
    return values[name];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const out = process.argv.indexOf('--out');
    const text = render(readFileSync(join(here, 'webinar.conf.template'), 'utf8'), process.env);
    if (out > 0) writeFileSync(process.argv[out + 1], text);
    else process.stdout.write(text);
  } catch (error) {
    process.stderr.write(`nginx/render.mjs: ${error.message}\n`);
    process.exit(2);
  }
}
