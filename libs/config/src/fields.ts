// Field builders for environment schemas. Each carries a description phrased as what the variable must
// hold, which `loadConfig` prints after "expected" when the variable is wrong.
import { isIP } from 'node:net';
import { z } from 'zod';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A TCP port; 0 is accepted so tests can ask the OS for a free one. */
export function port(defaultValue: number) {
  return z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(defaultValue)
    .describe('an integer TCP port from 0 to 65535');
}

/** An interface to bind or a host to reach; defaults to loopback so nothing is exposed by accident. */
export function host(defaultValue = '127.0.0.1') {
  return z
    .string()
    .refine((value) => isIP(value) !== 0 || HOSTNAME.test(value))
    .default(defaultValue)
    .describe('a hostname or an IP address');
}

/** A URL whose scheme is one of `protocols` (given as `amqp`, `amqp:` or `amqp://`). */
export function url(protocols: readonly string[]) {
  const schemes = protocols.map((protocol) => protocol.replace(/:(\/\/)?$/, '').toLowerCase());
  return z
    .string()
    .refine((value) => URL.canParse(value) && schemes.includes(new URL(value).protocol.slice(0, -1)))
    .describe(`${describeSchemes(schemes)} URL`);
}

export function optionalUrl(protocols: readonly string[]) {
  const field = url(protocols);
  return field.optional().describe(`${field.description ?? 'a URL'}, or nothing`);
}

/** A writable data directory, relative to the working directory unless absolute. */
export function dataDir(defaultValue = './data') {
  return z.string().min(1).default(defaultValue).describe('a directory path');
}

export function logLevel(defaultValue: LogLevel = 'info') {
  return z
    .enum(LOG_LEVELS)
    .default(defaultValue)
    .describe(`one of ${LOG_LEVELS.join(', ')}`);
}

/** A whole number of seconds, at least 1 and at most `max` when given. */
export function durationSeconds(defaultValue: number, opts: { max?: number } = {}) {
  const base = z.coerce.number().int().min(1);
  const bounded = opts.max === undefined ? base : base.max(opts.max);
  const range = opts.max === undefined ? 'at least 1' : `from 1 to ${opts.max}`;
  return bounded.default(defaultValue).describe(`a whole number of seconds ${range}`);
}

/** true/false, 1/0, yes/no, on/off (any case). Unlike `z.coerce.boolean()`, "false" means false. */
export function booleanFlag(defaultValue: boolean) {
  return z
    .stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'] })
    .default(defaultValue)
    .describe('a boolean (true/false, 1/0, yes/no, on/off)');
}

/** Comma-separated values, trimmed, empty items dropped; unset means `defaultValue` (empty list). */
export function csvList(defaultValue: readonly string[] = []) {
  return z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .default([...defaultValue])
    .describe('a comma-separated list');
}

function describeSchemes(schemes: readonly string[]): string {
  const listed = schemes.map((scheme) => `${scheme}://`);
  const phrase =
    listed.length <= 1 ? (listed[0] ?? '') : `${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`;
  // Schemes are read as letters when they start with h ("an HTTP URL"), as words otherwise.
  return `${/^[aeiouh]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}
