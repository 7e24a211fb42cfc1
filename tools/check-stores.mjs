// Every table has one home: in a service, only a store (`*-store.ts`) queries the database. This
// check reads the services' sources with the TypeScript compiler and its type checker, and reports
// every call of a querying method (query, find…, save, insert, update, delete, createQueryBuilder,
// getRepository…) on a TypeORM EntityManager, DataSource, Repository, QueryRunner or query builder
// made outside a store. It runs on the real tree (must be clean) and on a fixture that breaks the
// rule (must be reported), so the rule is proven able to fail. See docs/architecture.md, "The one
// pattern for a store".
//
// Outside the rule, on purpose: tests (they inspect the database to prove what the code did),
// migrations (schema changes are raw SQL by nature) and libs/ (libs/persistence is the mechanism
// stores are built on; the outbox and inbox of libs/messaging are its stores).
import { createRequire } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const root = resolve(import.meta.dirname, '..');

/** The one naming of a store file. */
export const STORE_FILE = /-store\.ts$/;

/** Places that earn raw database access, with the reason; keep this list short. */
export const ALLOWED = [
  { pattern: /\/src\/migrations\//, why: 'migrations change the schema with raw SQL' },
  { pattern: /(\.spec|\.int-spec|\.e2e-spec)\.ts$|\/test\//, why: 'tests inspect the database to prove what the code did' },
  { pattern: /^deploy\/backup\//, why: 'the backup tool dumps and restores whole schemas through pg, not TypeORM' },
];

/**
 * Not converted yet, each owned by a change in flight (issue 9): counted, not failed. The check fails
 * when a listed file no longer queries, so this list only shrinks. Do not add to it.
 */
export const PENDING = new Map([
  // Consumers become declared @OnMessage handlers (issue 9 point 1); then they call the stores
  // (KnownCompaniesStore.learn, UsersStore.promoteProspect/existsInCompany exist for them).
  ['services/auth/src/companies/company-created.consumer.ts', 'consumer rewrite (point 1)'],
  ['services/auth/src/roles/promote-prospect.ts', 'consumer rewrite (point 1)'],
  // Rate limits and the login backoff move to PostgreSQL in one shared store (point 6).
  ['services/auth/src/credentials/login-backoff.ts', 'rate limits in PostgreSQL (point 6)'],
  // cms consumers (point 1): SeminarsStore.find/save, PrivacyExportsStore.findById/insertPartIfAbsent
  // and PrivacyErasuresStore.findForUpdate exist for them.
  ['services/cms/src/privacy/privacy.consumer.ts', 'consumer rewrite (point 1)'],
  ['services/cms/src/seminars/stream-lifecycle.consumer.ts', 'consumer rewrite (point 1)'],
]);

/** The TypeORM types whose methods reach the database. */
const DATABASE_TYPES = new Set(['EntityManager', 'DataSource', 'Repository', 'TreeRepository', 'MongoRepository', 'QueryRunner']);
const QUERY_BUILDER = /QueryBuilder$/;

/** Methods that read or write rows (creating an entity object or opening a transaction do not). */
const QUERYING_METHODS = new Set([
  'query', 'sql', 'find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy',
  'findByIds', 'exists', 'existsBy', 'count', 'countBy', 'sum', 'average', 'minimum', 'maximum', 'save', 'insert', 'update',
  'updateAll', 'upsert', 'delete', 'deleteAll', 'remove', 'softDelete', 'softRemove', 'restore', 'recover', 'increment',
  'decrement', 'preload', 'clear', 'createQueryBuilder', 'getRepository', 'getTreeRepository', 'getMongoRepository',
  'withRepository', 'getCustomRepository',
]);

function sourcesUnder(dir) {
  const files = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return files;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourcesUnder(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

function isTypeormDeclaration(symbol) {
  return (symbol?.declarations ?? []).some((d) => d.getSourceFile().fileName.split(sep).join('/').includes('/node_modules/typeorm/'));
}

/** Whether the value's type (or a base or union member of it) is one of TypeORM's database handles. */
function isDatabaseHandle(checker, type, seen = new Set()) {
  if (seen.has(type)) return false;
  seen.add(type);
  if (type.isUnion() || type.isIntersection()) return type.types.some((t) => isDatabaseHandle(checker, t, seen));
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const name = symbol?.getName() ?? '';
  if ((DATABASE_TYPES.has(name) || QUERY_BUILDER.test(name)) && isTypeormDeclaration(symbol)) return true;
  const bases = type.isClassOrInterface() ? (checker.getBaseTypes(type) ?? []) : [];
  return bases.some((base) => isDatabaseHandle(checker, base, seen));
}

/** Violations (`file:line: receiver.method(`) in the given directories, relative to `base`. */
export function storeViolations(base, dirs) {
  const files = dirs.flatMap((dir) => sourcesUnder(resolve(base, dir)));
  const tsconfig = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(tsconfig, ts.sys, root);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const found = [];
  for (const file of files) {
    const name = relative(base, file).split(sep).join('/');
    if (STORE_FILE.test(name) || ALLOWED.some((a) => a.pattern.test(name))) continue;
    const source = program.getSourceFile(file);
    const visit = (node) => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        const receiver = node.expression.expression;
        if (QUERYING_METHODS.has(method) && isDatabaseHandle(checker, checker.getTypeAtLocation(receiver))) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
          found.push(`${name}:${line + 1}: ${receiver.getText(source).replace(/\s+/g, '')}.${method}(`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const all = storeViolations(root, ['services', 'deploy']);
  const fileOf = (violation) => violation.slice(0, violation.indexOf(':'));
  const real = all.filter((v) => !PENDING.has(fileOf(v)));
  const converted = [...PENDING.keys()].filter((file) => !all.some((v) => fileOf(v) === file));
  if (real.length > 0 || converted.length > 0) {
    if (real.length > 0) console.error(`database queries outside a store (*-store.ts); move them into the table's store:\n  ${real.join('\n  ')}`);
    if (converted.length > 0) console.error(`no longer querying, remove from PENDING in tools/check-stores.mjs:\n  ${converted.join('\n  ')}`);
    process.exit(1);
  }
  const fixture = storeViolations(resolve(root, 'tools/stores/__fixtures__'), ['services']);
  const expected = ['manager.query(', 'manager.findOneBy(', 'dataSource.query(', 'repository.find(', 'manager.createQueryBuilder(', 'this.manager.getRepository('];
  const missing = expected.filter((call) => !fixture.some((v) => v.includes('leaky.service.ts') && v.endsWith(call)));
  const wrongly = fixture.filter((v) => !v.includes('leaky.service.ts'));
  if (missing.length > 0 || wrongly.length > 0) {
    console.error(`the store check is broken: fixture calls not flagged: ${missing.join(', ') || 'none'}; flagged in a store or allowed file: ${wrongly.join(', ') || 'none'}`);
    process.exit(1);
  }
  const pending = all.length - real.length;
  console.log(
    `stores: no database query outside a store (${pending} pending in ${PENDING.size} files listed in PENDING); fixture flagged as expected (${fixture.length} violations)`,
  );
}
