// Builds the browser app into dist/public (what webAssetsDir serves): the static files of public/,
// the app (src/app, Preact) as ES modules with code splitting under app/ — the room's player chunk
// (mpegts.js, hls.js, @webinar/player) is loaded only by the room — and the standalone viewer page
// (watch.js, an IIFE). Nothing is fetched from a third party; no eval or inline code, so it all runs
// under the CSP `script-src 'self'` every response carries.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const out = join(here, 'dist', 'public');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(here, 'public'), out, { recursive: true });

const common = {
  bundle: true,
  platform: 'browser',
  // Browsers with MSE and ES2020 (mpegts.js and hls.js need MSE anyway).
  target: ['chrome100', 'firefox100', 'safari15'],
  // @webinar/* resolve to their TypeScript sources through the repository's path aliases.
  tsconfig: join(here, 'tsconfig.json'),
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { main: join(here, 'src/app/main.tsx') },
  outdir: join(out, 'app'),
  format: 'esm',
  splitting: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: false,
});

// The standalone viewer page (watch.html): one IIFE.
await build({
  ...common,
  entryPoints: { watch: join(here, 'src/client/watch.ts') },
  outdir: out,
  format: 'iife',
});
