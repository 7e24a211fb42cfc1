import { ConfigError } from './config-error';

/** sysexits.h EX_CONFIG: lets a supervisor tell "fix the deployment" apart from a crash. */
export const EX_CONFIG = 78;

/**
 * Runs `load` and, when it throws a `ConfigError`, writes the error and exits with code 78. Other errors are
 * rethrown untouched: they are bugs, not configuration mistakes.
 */
export function exitOnConfigError<T>(
  load: () => T,
  write: (s: string) => void = (s) => process.stderr.write(s),
): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    write(`${error.message}\n`);
    return process.exit(EX_CONFIG);
  }
}
