export interface ConfigIssue {
  /** Name of the environment variable. */
  variable: string;
  /** What the variable must hold, e.g. "an amqp:// or amqps:// URL"; never the value received. */
  expected: string;
}

/**
 * Thrown by `loadConfig` when the environment does not satisfy the schema. Lists every bad variable at once so
 * an operator fixes a deployment in one round trip; received values are never included, as they may be secrets.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
  }
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => `  ${issue.variable}: expected ${issue.expected}`);
  return [
    `Invalid configuration (${issues.length} variable${issues.length === 1 ? '' : 's'}):`,
    ...lines,
  ].join('\n');
}
