// Creates the per-project files (package.json, project.json, tsconfig.json, jest.config.js) of one
// Nx project. Kept so that a new service or library starts with the same targets as the others.
// Usage: node tools/scaffold.mjs <dir> <name> <tags,comma,separated> [internal deps...]
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, name, tags, ...deps] = process.argv.slice(2);
if (!dir || !name || !tags) {
  console.error('usage: node tools/scaffold.mjs <dir> <name> <tags> [deps...]');
  process.exit(2);
}
const up = relative(dir, '.') || '.';
mkdirSync(join(dir, 'src'), { recursive: true });
const write = (file, content) => {
  if (!existsSync(join(dir, file))) writeFileSync(join(dir, file), content);
};
write(
  'package.json',
  JSON.stringify(
    {
      name: `@webinar/${name}`,
      version: '0.1.0',
      private: true,
      main: 'dist/index.js',
      types: 'src/index.ts',
      dependencies: Object.fromEntries(deps.map((d) => [`@webinar/${d}`, '*'])),
    },
    null,
    2,
  ) + '\n',
);
const cmd = (command) => ({ executor: 'nx:run-commands', options: { command, cwd: '{projectRoot}' } });
write(
  'project.json',
  JSON.stringify(
    {
      name,
      $schema: `${up}/node_modules/nx/schemas/project-schema.json`,
      sourceRoot: `${dir}/src`,
      projectType: tags.includes('type:app') || tags.includes('type:composition') ? 'application' : 'library',
      tags: tags.split(','),
      targets: {
        build: cmd(`swc src -d dist --strip-leading-paths --config-file ${up}/.swcrc --quiet`),
        typecheck: cmd('tsc -p tsconfig.json --noEmit'),
        lint: cmd(`eslint --max-warnings 0 .`),
        test: cmd('NODE_OPTIONS=--experimental-vm-modules jest -c jest.config.js'),
      },
    },
    null,
    2,
  ) + '\n',
);
write(
  'tsconfig.json',
  JSON.stringify(
    { extends: `${up}/tsconfig.base.json`, include: ['src/**/*.ts', 'test/**/*.ts'] },
    null,
    2,
  ) + '\n',
);
write(
  'jest.config.js',
  `const { preset } = require('${up}/jest.preset.js');\n\nmodule.exports = preset(__dirname, '${name}');\n`,
);
write('src/index.ts', `export {};\n`);
