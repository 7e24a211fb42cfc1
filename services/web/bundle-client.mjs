// Builds the browser app into dist/public (what webAssetsDir serves): the static files of public/
// plus one bundle per page from src/client (mpegts.js, hls.js and @webinar/player included, so the
// page loads nothing from a third party). An IIFE without eval or inline code runs under the
// CSP `script-src 'self'` every response carries.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const out = join(here, 'dist', 'public');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(here, 'public'), out, { recursive: true });

await build({
  entryPoints: { watch: join(here, 'src/client/watch.ts'), 'sign-in': join(here, 'src/client/sign-in.ts') },
  outdir: out,
  bundle: true,
  format: 'iife',
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
});
