// deploy/docker/Dockerfile cannot be built here (no container engine). This checks what can be
// checked without one: the file's structure (non-root user, what is copied, the entrypoints), the
// build context's exclusions, and — by running the assembly step the Dockerfile runs and then each
// image's entrypoint on the result — that every deployable starts from dist/ alone: it gets as far
// as validating its configuration (exit 78) instead of failing on a missing module.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
const DOCKERFILE = join(ROOT, 'deploy/docker/Dockerfile');

jest.setTimeout(120_000);

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** Instructions per stage; line continuations joined, comments and the syntax directive dropped. */
function parseDockerfile(text: string): Stage[] {
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l));
  const joined = lines.join('\n').replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const line of joined.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, from = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ name, from, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
const stage = (name: string) => stages.find((s) => s.name === name)!;
const all = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const json = (args: string) => JSON.parse(args) as string[];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('deploy/docker/Dockerfile', () => {
  it('has a build stage and three runtime targets on a shared non-root base', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime', 'service', 'backup', 'web']);
    expect(stage('build').from).toBe('${NODE_IMAGE}');
    expect(stage('runtime').from).toBe('${NODE_IMAGE}');
    expect(all(stage('runtime'), 'RUN').join(' ')).toMatch(/useradd --system --uid 10001 --gid 10001 .*--shell \/usr\/sbin\/nologin/);
    for (const target of ['service', 'backup', 'web']) {
      expect(stage(target).from).toBe('runtime');
      const users = all(stage(target), 'USER');
      expect([target, users.at(-1)]).toEqual([target, '10001:10001']);
      // Nothing after USER runs as root: USER comes after the last RUN and COPY of the stage.
      const keywords = stage(target).instructions.map((i) => i.keyword);
      expect(keywords.lastIndexOf('USER')).toBeGreaterThan(Math.max(keywords.lastIndexOf('RUN'), keywords.lastIndexOf('COPY')));
    }
  });

  it('copies nothing into a runtime image but the build stage output, and no secret anywhere', () => {
    expect(stages.flatMap((s) => all(s, 'ADD'))).toEqual([]);
    expect(all(stage('build'), 'COPY')).toEqual(['. .']);
    for (const target of ['runtime', 'service', 'backup', 'web']) {
      for (const copy of all(stage(target), 'COPY')) expect(copy).toMatch(/^--from=build --chown=root:root \/out\/\S+ \/app(\/web)?$/);
    }
    const variables = stages.flatMap((s) => [...all(s, 'ENV'), ...all(s, 'ARG')]).join(' ');
    expect(variables).not.toMatch(/PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL|DATABASE_URL|AMQP_URL|SMTP_URL/);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const pattern of ['.git', '**/node_modules', '**/dist', '**/data', '.env', '.env.*', '**/*.pem', '**/*.key', '**/*.backup']) {
      expect([pattern, ignored.includes(pattern)]).toEqual([pattern, true]);
    }
  });

  it('starts services as npm start does (tools/supervise.mjs): node with the OpenTelemetry preload, then dist/main.js', () => {
    const start = readFileSync(join(ROOT, 'tools/supervise.mjs'), 'utf8');
    expect(start).toContain("'--import'");
    expect(start).toContain("'libs/observability/dist/otel/register.js'");
    expect(json(all(stage('service'), 'ENTRYPOINT')[0]!)).toEqual(['node', '--enable-source-maps', '--import', '/app/libs/observability/dist/otel/register.js', 'dist/main.js']);
    expect(all(stage('service'), 'WORKDIR')).toEqual(['/app/${SERVICE}']);
    expect(json(all(stage('backup'), 'ENTRYPOINT')[0]!)).toEqual(['node', '--enable-source-maps', 'dist/main.js']);
    expect(all(stage('backup'), 'WORKDIR')).toEqual(['/app/deploy/backup']);
    expect(json(all(stage('backup'), 'CMD')[0]!)).toEqual(['backup']);
    expect(all(stage('build'), 'RUN').join('\n')).toContain('node deploy/docker/assemble.mjs "$SERVICE" /out/app');
  });

  describe.each(['services/auth', 'services/cms', 'services/polls', 'services/stream', 'deploy/backup'])('assembled %s', (workspace) => {
    let out: string;
    beforeAll(async () => {
      out = mkdtempSync(join(tmpdir(), 'assemble-'));
      await run(process.execPath, [join(ROOT, 'deploy/docker/assemble.mjs'), workspace, out, '--link']);
    });
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it('holds compiled code and package manifests only', () => {
      const files = filesUnder(out).map((f) => f.slice(out.length + 1));
      expect(files.filter((f) => /\.ts$|(^|\/)(src|test)\//.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
      expect(files.filter((f) => /\.(pem|key|env)$|(^|\/)data\//.test(f))).toEqual([]);
      expect(files).toContain(`${workspace}/dist/main.js`);
    });

    it('starts from the image entrypoint and reaches configuration validation (exit 78)', async () => {
      const isService = workspace.startsWith('services/');
      const entry = json(all(stage(isService ? 'service' : 'backup'), 'ENTRYPOINT')[0]!).map((a) => a.replace(/^\/app\//, `${out}/`));
      const args = [...entry.slice(1), ...(isService ? [] : json(all(stage('backup'), 'CMD')[0]!))];
      const result = await run(process.execPath, args, { cwd: join(out, workspace), env: { PATH: process.env['PATH'] ?? '' } }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
      expect(result.stderr).not.toMatch(/Cannot find module|MODULE_NOT_FOUND/);
      expect([result.code, result.stderr]).toEqual([78, expect.stringMatching(/Invalid configuration/)]);
    });
  });

  it('gives the web image the built browser app and the nginx renderer', () => {
    const run = all(stage('build'), 'RUN').join('\n');
    expect(run).toContain('cp -r services/web/dist/public /out/web/public');
    expect(run).toContain('cp nginx/render.mjs nginx/webinar.conf.template /out/web/nginx/');
    expect(existsSync(join(ROOT, 'services/web/dist/public/index.html'))).toBe(true);
    expect(all(stage('web'), 'ENV').join(' ')).toContain('WEB_ROOT=/app/web/public');
  });
});
