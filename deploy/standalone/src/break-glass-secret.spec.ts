import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderBanner } from './banner';
import { standaloneBreakGlassSecret } from './break-glass-secret';

describe('the standalone break-glass secret', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'break-glass-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is generated once under DATA_DIR, readable by its owner only, long enough for auth', () => {
    const first = standaloneBreakGlassSecret(undefined, dataDir);
    expect(first).toEqual({ file: join(dataDir, 'keys', 'break-glass.secret'), generated: true });
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(first.file, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    // A restart keeps it: the operator's copy stays valid.
    expect(standaloneBreakGlassSecret(undefined, dataDir).file).toBe(first.file);
    expect(readFileSync(first.file, 'utf8').trim()).toBe(secret);
  });

  it("uses the operator's file when one is configured, and writes nothing", () => {
    const configured = join(dataDir, 'operator-secret');
    expect(standaloneBreakGlassSecret(configured, dataDir)).toEqual({ file: configured, generated: false });
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
  });

  it('is named by the banner when generated, never its content', () => {
    const { file } = standaloneBreakGlassSecret(undefined, dataDir);
    const info = { webUrl: 'https://h/', mediaUrl: 'https://h:8444/', rtmpsUrl: 'rtmps://h/live', rootLoginLink: undefined, certPath: 'c', dataDir, storage: 's', bus: 'b' };
    const banner = renderBanner({ ...info, breakGlassFile: file });
    expect(banner).toContain(file);
    expect(banner).not.toContain(readFileSync(file, 'utf8').trim());
    expect(renderBanner(info)).not.toContain('break-glass secret');
  });
});
