// `@Refuses(Errors.a, HttpErrors.b)` on a handler (or a controller, for all its handlers) declares the
// catalogue errors the route may answer. buildOpenApi (document-refusals.ts) then lists, per status,
// the problem body with the codes of that status, together with what the platform refuses anyway.
import type { ErrorSpec } from '@webinar/contracts';
import type { ErrorThrower } from './define-errors';

const REFUSES = 'webinar:refuses';

/** The schema every error body follows (see ErrorBody in app-error.ts). */
export const PROBLEM_SCHEMA_NAME = 'Problem';
export const problemSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable code (MODULE.REASON); clients branch on it.' },
    message: { type: 'string', description: 'Safe to show; never carries internals.' },
    errorId: { type: 'string', description: 'Only on 500: the id the log line carries too.' },
    issues: {
      type: 'array',
      description: 'Only on REQUEST.INVALID: what is wrong where.',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

type Refusal = ErrorSpec<never>;
type Holder = object;

/** `specs` in order, each code once (the first declaration wins). */
export function eachCodeOnce(specs: readonly Refusal[]): Refusal[] {
  const all: Refusal[] = [];
  for (const spec of specs) if (!all.some((s) => s.code === spec.code)) all.push(spec);
  return all;
}

/** The specs declared on a handler or controller, in declaration order, each once. */
export function refusalsOf(holder: Holder): readonly Refusal[] {
  return (Reflect.getMetadata(REFUSES, holder) as Refusal[] | undefined) ?? [];
}

function describe(spec: Refusal): string {
  return typeof spec.message === 'string' ? `\`${spec.code}\`: ${spec.message}` : `\`${spec.code}\``;
}

/** The swagger response for one status: the problem body, its code one of `specs`' codes. */
export function problemEntry(specs: readonly Refusal[]): object {
  return {
    description: specs.map(describe).join('\n\n'),
    schema: {
      allOf: [
        { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` },
        { type: 'object', properties: { code: { type: 'string', enum: specs.map((s) => s.code) } } },
      ],
    },
  };
}

export function Refuses(...errors: (ErrorThrower | Refusal)[]): MethodDecorator & ClassDecorator {
  const specs = errors.map((e) => ('spec' in e ? e.spec : e));
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder = (descriptor?.value as object | undefined) ?? target;
    Reflect.defineMetadata(REFUSES, eachCodeOnce([...refusalsOf(holder), ...specs]), holder);
  };
}
