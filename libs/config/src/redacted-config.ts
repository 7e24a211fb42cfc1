import type { z } from 'zod';
import { isSecret } from './secret';

export const SECRET_PLACEHOLDER = '[secret]';

/**
 * Renders a loaded config for a boot log line: secret fields become `[secret]`, and a password embedded in a
 * URL that was not marked secret is masked anyway.
 */
export function redactedConfig<S extends z.ZodObject>(schema: S, config: z.infer<S>): Record<string, string> {
  const shape: Record<string, z.core.$ZodType> = schema.shape;
  const values = config as Record<string, unknown>;
  const rendered: Record<string, string> = {};
  for (const [variable, field] of Object.entries(shape)) {
    rendered[variable] = isSecret(field) ? SECRET_PLACEHOLDER : render(values[variable]);
  }
  return rendered;
}

function render(value: unknown): string {
  if (value === undefined || value === null) return '(unset)';
  if (Array.isArray(value)) return value.map(render).join(',');
  if (typeof value === 'string') return maskUrlPassword(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value) ?? '';
}

function maskUrlPassword(value: string): string {
  if (!value.includes('@') || !URL.canParse(value)) return value;
  const url = new URL(value);
  if (url.password === '') return value;
  url.password = '***';
  return url.toString();
}
