#!/usr/bin/env node
// Assembles what one deployable needs at run time into <out>: its dist/, the dist/ of every
// workspace library its compiled code actually requires (found by reading the require() calls in
// dist/, not package.json, so an undeclared dependency is still shipped), their package.json files,
// and the production node_modules with @webinar/* linked to exactly those workspaces. No sources,
// no tests, no dev dependencies, nothing from data/ or keys.
//
// Usage: node deploy/docker/assemble.mjs <workspace dir, e.g. services/auth> <out dir> [--link]
//   --link  symlink third-party packages instead of copying them (tests; the image copies).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Files some workspaces read at run time besides dist/ (relative to the workspace). */
const RUNTIME_ASSETS = { 'libs/persistence': ['pglite-template'] };

export function workspaces() {
  const patterns = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
  const byName = new Map();
  for (const pattern of patterns) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${pattern.slice(0, -2)}/${d.name}`)
      : [pattern];
    for (const dir of dirs) {
      const file = join(root, dir, 'package.json');
      if (existsSync(file)) byName.set(JSON.parse(readFileSync(file, 'utf8')).name, dir);
    }
  }
  return byName;
}

function jsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** The workspaces (dirs) that `start` needs at run time, itself first. */
export function closure(start) {
  const byName = workspaces();
  const needed = [start];
  for (let i = 0; i < needed.length; i++) {
    const dist = join(root, needed[i], 'dist');
    if (!existsSync(dist)) throw new Error(`${needed[i]}/dist does not exist: build it first (npx nx run-many -t build)`);
    for (const file of jsFiles(dist)) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/require\(["'](@webinar\/[a-z0-9-]+)["']\)/g)) {
        const dir = byName.get(name);
        if (!dir) throw new Error(`${relative(root, file)} requires ${name}, which is no workspace`);
        if (!needed.includes(dir)) needed.push(dir);
      }
    }
  }
  return needed;
}

export function assemble(start, out, { link = false } = {}) {
  const needed = closure(start);
  mkdirSync(out, { recursive: true });
  cpSync(join(root, 'package.json'), join(out, 'package.json'));
  const byDir = new Map([...workspaces()].map(([name, dir]) => [dir, name]));
  for (const dir of needed) {
    mkdirSync(join(out, dir), { recursive: true });
    cpSync(join(root, dir, 'package.json'), join(out, dir, 'package.json'));
    cpSync(join(root, dir, 'dist'), join(out, dir, 'dist'), { recursive: true });
    for (const asset of RUNTIME_ASSETS[dir] ?? []) {
      if (existsSync(join(root, dir, asset))) cpSync(join(root, dir, asset), join(out, dir, asset), { recursive: true });
    }
  }
  const modules = join(out, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === '@webinar' || entry === '.bin' || entry.startsWith('.')) continue;
    const from = join(root, 'node_modules', entry);
    if (link) symlinkSync(from, join(modules, entry));
    else cpSync(from, join(modules, entry), { recursive: true, verbatimSymlinks: true });
  }
  mkdirSync(join(modules, '@webinar'), { recursive: true });
  for (const dir of needed) {
    const name = byDir.get(dir);
    symlinkSync(relative(join(modules, '@webinar'), join(out, dir)), join(modules, name));
  }
  writeFileSync(join(out, 'ASSEMBLED'), `${needed.join('\n')}\n`);
  return needed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [start, out] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!start || !out || !existsSync(join(root, start, 'package.json')) || !statSync(join(root, start)).isDirectory()) {
    process.stderr.write('usage: node deploy/docker/assemble.mjs <workspace dir> <out dir> [--link]\n');
    process.exit(64);
  }
  try {
    const needed = assemble(start, resolve(out), { link: process.argv.includes('--link') });
    process.stdout.write(`assembled ${start}: ${needed.join(', ')}\n`);
  } catch (error) {
    process.stderr.write(`assemble.mjs: ${error.message}\n`);
    process.exit(1);
  }
}
