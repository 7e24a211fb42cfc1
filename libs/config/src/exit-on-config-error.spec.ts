import { z } from 'zod';
import { EX_CONFIG, exitOnConfigError } from './exit-on-config-error';
import { url } from './fields';
import { loadConfig } from './load-config';

class ExitCalled extends Error {
  constructor(readonly code: number | string | null | undefined) {
    super(`process.exit(${String(code)})`);
  }
}

describe('exitOnConfigError', () => {
  let exit: jest.SpyInstance;

  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new ExitCalled(code);
    });
  });

  afterEach(() => exit.mockRestore());

  it('returns what the loader returns when the config is valid', () => {
    const write = jest.fn();

    expect(exitOnConfigError(() => 42, write)).toBe(42);
    expect(write).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
  });

  it('prints the error and exits with 78 (EX_CONFIG) on a ConfigError', () => {
    const written: string[] = [];
    const schema = z.object({ AMQP_URL: url(['amqp', 'amqps']) });

    expect(() =>
      exitOnConfigError(
        () => loadConfig(schema, {}),
        (s) => written.push(s),
      ),
    ).toThrow(ExitCalled);
    expect(EX_CONFIG).toBe(78);
    expect(exit).toHaveBeenCalledWith(78);
    expect(written.join('')).toContain('AMQP_URL: expected an amqp:// or amqps:// URL');
  });

  it('rethrows errors that are not configuration errors', () => {
    const bug = new TypeError('bug');

    expect(() =>
      exitOnConfigError(() => {
        throw bug;
      }, jest.fn()),
    ).toThrow(bug);
    expect(exit).not.toHaveBeenCalled();
  });
});
