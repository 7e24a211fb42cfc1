// Module boundaries. Services never import each other (they talk over the bus and HTTP); libraries
// never import services; only the standalone composition (deploy/standalone) may import services.
// tools/check-boundaries.mjs runs this on the tree AND on a violating fixture, which must fail.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-service-to-service',
      severity: 'error',
      comment: 'A service must not import another service; use @webinar/contracts and the bus.',
      from: { path: '^services/([^/]+)/', pathNot: '^services/web/src/app/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'web-app-imports-service-types-only',
      severity: 'error',
      comment: 'The browser app reads the API types from the services (ADR-11), never their code: type-only imports.',
      from: { path: '^services/web/src/app/' },
      to: { path: '^services/(?!web/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-lib-to-service',
      severity: 'error',
      comment: 'A library must not import a service.',
      from: { path: '^libs/' },
      to: { path: '^(services|deploy)/' },
    },
    {
      name: 'no-service-to-composition',
      severity: 'error',
      comment: 'Services must not know which shape they run in.',
      from: { path: '^services/' },
      to: { path: '^deploy/' },
    },
    {
      name: 'no-backup-to-service',
      severity: 'error',
      comment: 'The backup tool finds schemas by itself; only its tests build a product database from the services.',
      from: { path: '^deploy/backup/src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(services|deploy/standalone)/' },
    },
    {
      name: 'no-testing-lib-in-production',
      severity: 'error',
      comment: '@webinar/testing is for tests only.',
      from: { path: '^(services|libs|deploy)/[^/]+/src/', pathNot: '(\\.spec|\\.int-spec)\\.ts$|^libs/testing/' },
      to: { path: '^libs/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: false,
    preserveSymlinks: false,
  },
};
