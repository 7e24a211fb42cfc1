// Checks module boundaries on the real tree (must be clean) and on a fixture that breaks every rule
// (must be reported), so each rule is proven able to fail: the dependency-cruiser rules between
// projects (.dependency-cruiser.cjs) and the layers inside a service (tools/boundaries/layers.mjs).
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { layerViolations } from './boundaries/layers.mjs';

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, '..');
const config = require(resolve(root, '.dependency-cruiser.cjs'));

async function violations(cwd, dirs) {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const tsConfigFile = resolve(root, config.options.tsConfig.fileName);
    const ts = require('typescript');
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(tsConfigFile, ts.sys.readFile).config, ts.sys, root);
    const options = { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, tsConfig: { fileName: tsConfigFile } };
    const result = await cruise(dirs, options, undefined, { tsConfig: parsed });
    return [
      ...result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`),
      ...layerViolations(result.output.modules),
    ];
  } finally {
    process.chdir(previous);
  }
}

const real = await violations(root, ['libs', 'services', 'deploy']);
if (real.length > 0) {
  console.error(`module boundaries broken:\n  ${real.join('\n  ')}`);
  process.exit(1);
}

const fixture = await violations(resolve(root, 'tools/boundaries/__fixtures__'), ['services', 'libs']);
const expected = ['no-service-to-service', 'no-lib-to-service', 'no-feature-cycle', 'no-feature-to-composition-root'];
const missing = expected.filter((rule) => !fixture.some((v) => v.startsWith(`${rule}:`)));
if (missing.length > 0) {
  console.error(`the boundary check failed to flag the fixture's violations: ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`module boundaries: clean; fixture flagged as expected (${fixture.length} violations: ${expected.join(', ')})`);
