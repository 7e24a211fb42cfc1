import { freePort, startProcess, waitFor } from './processes';

describe('startProcess', () => {
  it('runs a process, keeps its output and reports its exit code', async () => {
    const sut = startProcess({ name: 'echo', command: process.execPath, args: ['-e', 'console.log("hello"); process.exit(3)'], env: {} });
    expect(await sut.exited()).toBe(3);
    expect(sut.output()).toContain('hello');
  });

  it('stops a process that keeps running', async () => {
    const sut = startProcess({ name: 'sleeper', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {} });
    expect(await sut.stop()).toBe('SIGTERM');
  });
});

describe('waitFor', () => {
  it('returns the first defined value', async () => {
    let calls = 0;
    const value = await waitFor('third call', async () => (++calls === 3 ? calls : undefined), { intervalMs: 1 });
    expect(value).toBe(3);
  });

  it('fails with what it waited for', async () => {
    await expect(waitFor('never', async () => undefined, { timeoutMs: 50, intervalMs: 5 })).rejects.toThrow('timed out waiting for never');
  });
});

describe('freePort', () => {
  it('gives a usable port number', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
  });
});
