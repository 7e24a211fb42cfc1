// The web-tier services as the repository tools see them: how to build each one's module with
// throwaway infrastructure (a temp data folder → PGlite, the in-process bus, a fresh key set), and
// where its committed OpenAPI document lives. Used by tools/openapi.mjs and tools/check-migrations.mjs.
const { join } = require('node:path');

const root = join(__dirname, '..');

/** @type {{name: string, prefix: string, dir: string, database: (dataDir: string) => object, module: (dataDir: string) => Promise<object>, title: string, description: string}[]} */
module.exports = [
  {
    name: 'auth',
    prefix: 'auth',
    dir: join(root, 'services/auth'),
    title: 'auth',
    description: 'Identity: invitations, login links, sessions, credentials, roles, key sets.',
    database: (dataDir) => require('@webinar/auth').authDatabase({ dataDir }),
    module: async (dataDir) => {
      const { KeySet } = require('@webinar/security');
      const accessKeys = await KeySet.generate({ use: 'sig' });
      return require('@webinar/auth').AuthModule.register({ dataDir, accessKeys });
    },
  },
  {
    name: 'cms',
    prefix: 'cms',
    dir: join(root, 'services/cms'),
    title: 'cms',
    description: 'Seminar CMS: companies, seminars, registrations, grants, stream keys, audit.',
    database: (dataDir) => require('@webinar/cms').cmsDatabase({ dataDir }),
    module: async (dataDir) => require('@webinar/cms').CmsModule.register({ dataDir }),
  },
  {
    name: 'polls',
    prefix: 'polls',
    dir: join(root, 'services/polls'),
    title: 'polls',
    description: 'Polls and questionnaires with per-person encrypted answers.',
    database: (dataDir) => require('@webinar/polls').pollsDatabase({ dataDir }),
    module: async (dataDir) => require('@webinar/polls').PollsModule.register({ dataDir }),
  },
];
