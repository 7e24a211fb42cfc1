// The web-tier services as the repository tools see them. Who each one is (name, prefix,
// description) comes from the service itself (services/<name>/src/service.ts); this file only adds
// where it lives, the process to start for its OpenAPI document (tools/openapi.mjs) with the least
// environment it needs, and its database for the migration check (tools/check-migrations.mjs).
const { join } = require('node:path');

const root = join(__dirname, '..');

/**
 * @typedef {{name: string, prefix: string, description: string, apiVersion: string}} ServiceDescription
 * @type {{describe: () => ServiceDescription, dir: string, main: string, env: Record<string, string>, database: (dataDir: string) => object}[]}
 */
const services = [
  {
    describe: () => require('@webinar/auth').AUTH_SERVICE,
    dir: join(root, 'services/auth'),
    main: join(root, 'services/auth/dist/main.js'),
    env: { PUBLIC_URL: 'https://localhost:8443' },
    database: (dataDir) => require('@webinar/auth').authDatabase({ dataDir }),
  },
  {
    describe: () => require('@webinar/cms').CMS_SERVICE,
    dir: join(root, 'services/cms'),
    main: join(root, 'services/cms/dist/main.js'),
    // Fetched lazily, on the first token to verify: the document needs no running auth.
    env: { AUTH_JWKS_URL: 'http://127.0.0.1:9/auth/.well-known/jwks.json' },
    database: (dataDir) => require('@webinar/cms').cmsDatabase({ dataDir }),
  },
  {
    describe: () => require('@webinar/polls').POLLS_SERVICE,
    dir: join(root, 'services/polls'),
    main: join(root, 'services/polls/dist/main.js'),
    env: { AUTH_JWKS_URL: 'http://127.0.0.1:9/auth/.well-known/jwks.json' },
    database: (dataDir) => require('@webinar/polls').pollsDatabase({ dataDir }),
  },
];

module.exports = services.map((service) => ({ ...service, ...service.describe() }));
