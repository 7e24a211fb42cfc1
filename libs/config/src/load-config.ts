import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';
import { findInLayers } from './schema-introspection';

/**
 * Parses the variables named by `schema`'s keys out of `env`. An empty variable counts as unset (so
 * `FOO=` in an env file falls back to the default), as is usual for environment configuration.
 * @throws ConfigError listing every missing or invalid variable.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const shape: Record<string, z.core.$ZodType> = schema.shape;
  const input: Record<string, string | undefined> = {};
  for (const variable of Object.keys(shape)) {
    const value = env[variable];
    input[variable] = value === undefined || value.trim() === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(toConfigIssues(result.error.issues, shape, input));
}

function toConfigIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  shape: Record<string, z.core.$ZodType>,
  input: Record<string, string | undefined>,
): ConfigIssue[] {
  const byVariable = new Map<string, ConfigIssue>();
  for (const zodIssue of zodIssues) {
    const first = zodIssue.path[0];
    const variable = typeof first === 'string' ? first : '(configuration)';
    if (byVariable.has(variable)) continue;
    const field = shape[variable];
    // The field's description is written for operators; zod's own message is the fallback. Neither embeds the
    // received value (zod only does so with `reportInput`, which is never enabled here).
    const described = field ? findInLayers(field, (layer) => describedAs(layer)) : undefined;
    const expected = described ?? zodIssue.message;
    const missing = field !== undefined && input[variable] === undefined;
    byVariable.set(variable, { variable, expected: missing ? `${expected} (not set)` : expected });
  }
  return [...byVariable.values()];
}

function describedAs(schema: z.core.$ZodType): string | undefined {
  const description: unknown = 'description' in schema ? schema.description : undefined;
  return typeof description === 'string' && description.length > 0 ? description : undefined;
}
