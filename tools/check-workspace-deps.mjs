// Every package a workspace imports is declared in that workspace's own package.json, at the root's
// exact version: production code (src/, not specs) in "dependencies", tests in "devDependencies"
// (or "dependencies"); sibling workspaces (@webinar/*) as "*". Runs on the real tree (must be clean)
// and on a fixture with an undeclared and a mis-versioned import (must be reported), so the check is
// proven able to fail. Usage: node tools/check-workspace-deps.mjs [--fix]  (--fix writes the manifests)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const TEST_FILE = /(\.spec|\.int-spec|\.e2e-spec)\.[cm]?[jt]sx?$|(^|\/)(test|testing|__fixtures__)\//;
// import … from 'x', export … from 'x', import 'x', import('x'), require('x'), jest.mock('x')
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bjest\.mock\s*\(\s*)(['"])([^'"\n]+)\1/g;
const PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/;
const builtins = new Set(builtinModules);
// Loaded only when present and deliberately declared nowhere (docs/media.md: its install script
// downloads a binary from the internet).
const UNDECLARED_OPTIONAL = new Set(['ffmpeg-static']);

/** The package a bare specifier names ('@scope/name/deep' -> '@scope/name'), or undefined for a path or builtin. */
export function packageOf(specifier) {
  if (!PACKAGE_NAME.test(specifier) || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtins.has(name) ? undefined : name;
}

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function importsOf(file) {
  // Comments name packages too ("as typeorm-pglite plugs …"); drop them before matching.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const names = new Set();
  for (const match of text.matchAll(SPECIFIER)) {
    const name = packageOf(match[2]);
    if (name) names.add(name);
  }
  return names;
}

/**
 * Problems of one repository tree (its root package.json and workspaces), as readable lines, and the
 * manifests that would fix them (for --fix).
 */
export function problemsOf(repoRoot) {
  const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const rootVersions = { ...rootManifest.devDependencies, ...rootManifest.dependencies };
  const workspaces = expandWorkspaces(repoRoot, rootManifest.workspaces ?? []);
  const names = new Map(workspaces.map((dir) => [readManifest(dir).name, dir]));
  const problems = [];
  const fixed = new Map();
  for (const dir of workspaces) {
    const manifest = readManifest(dir);
    const wanted = { dependencies: {}, devDependencies: {} };
    const testOnly = manifest.name === '@webinar/testing';
    for (const file of filesUnder(dir)) {
      const rel = relative(repoRoot, file);
      const isTest = testOnly || TEST_FILE.test(relative(dir, file));
      for (const name of importsOf(file)) {
        if (name === manifest.name || UNDECLARED_OPTIONAL.has(name)) continue;
        const declared = manifest.dependencies?.[name] ?? (isTest ? manifest.devDependencies?.[name] : undefined);
        const expected = names.has(name) ? '*' : rootVersions[name];
        if (expected !== undefined) wanted[isTest ? 'devDependencies' : 'dependencies'][name] = expected;
        if (expected === undefined) problems.push(`${rel}: imports ${name}, which the root package.json does not declare`);
        else if (declared === undefined)
          problems.push(`${rel}: imports ${name}, missing from ${relative(repoRoot, join(dir, 'package.json'))} ${isTest ? 'devDependencies' : 'dependencies'} (root has ${expected})`);
        else if (declared !== expected)
          problems.push(`${rel}: ${name} is ${declared} in ${relative(repoRoot, join(dir, 'package.json'))}, the root pins ${expected}`);
      }
    }
    fixed.set(dir, withDependencies(manifest, wanted));
  }
  return { problems: [...new Set(problems)], fixed };
}

/** The manifest with every wanted entry at its expected version; production needs win over test ones. */
function withDependencies(manifest, wanted) {
  const dependencies = { ...manifest.dependencies, ...wanted.dependencies };
  const devDependencies = { ...manifest.devDependencies, ...wanted.devDependencies };
  for (const name of Object.keys(dependencies)) delete devDependencies[name];
  const sorted = (map) => Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));
  const out = { ...manifest, dependencies: sorted(dependencies) };
  if (Object.keys(devDependencies).length > 0) out.devDependencies = sorted(devDependencies);
  else delete out.devDependencies;
  return out;
}

function readManifest(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

function expandWorkspaces(repoRoot, patterns) {
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = join(repoRoot, pattern.slice(0, -2));
      for (const entry of readdirSync(parent)) {
        const dir = join(parent, entry);
        if (statSync(dir).isDirectory() && exists(join(dir, 'package.json'))) dirs.push(dir);
      }
    } else if (exists(join(repoRoot, pattern, 'package.json'))) dirs.push(join(repoRoot, pattern));
  }
  return dirs;
}

function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

const { problems: real, fixed } = problemsOf(root);
if (process.argv.includes('--fix')) {
  for (const [dir, manifest] of fixed) writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log('workspace manifests rewritten; run `npm install` to update package-lock.json');
  process.exit(0);
}
if (real.length > 0) {
  console.error(`workspace dependencies not declared:\n  ${real.join('\n  ')}`);
  process.exit(1);
}
const fixture = problemsOf(join(root, 'tools/workspace-deps/__fixtures__')).problems;
const expected = ['imports left-pad, missing', 'zod is 1.0.0', 'imports not-at-root'];
const missed = expected.filter((needle) => !fixture.some((line) => line.includes(needle)));
if (missed.length > 0) {
  console.error(`the workspace-dependency check failed to flag the fixture's problems: ${missed.join('; ')}\n  ${fixture.join('\n  ')}`);
  process.exit(1);
}
console.log(`workspace dependencies: declared; fixture flagged as expected (${fixture.length} problems)`);
