// The one way to declare a service's errors: `defineErrors({ key: { code, status, message } })` gives
// `Errors.key(details?)`, the AppError the exception filter renders as `{ code, message }` with that
// status; a throw site writes `throw Errors.key()`. (The `throw` stays at the site rather than inside
// the thrower: TypeScript narrows after a `throw` statement but not after a call returning `never`
// through an inferred object, and the only-throw-error lint rule checks what is thrown.) Each thrower
// also carries its spec, so route decorators (`@Refuses`) and the catalogue test read the same
// entries the throw sites use.
import type { ErrorSpec, ErrorSpecs } from '@webinar/contracts';
import { AppError } from '../app-error';

type Details = Record<string, unknown>;

/** A message function fixes the details' type; a fixed message takes optional details for the log. */
type DetailsOf<S extends ErrorSpec<never>> = S['message'] extends (details: infer D) => string ? D : Details | undefined;
type ArgsOf<S extends ErrorSpec<never>> = S['message'] extends (details: infer D) => string ? [details: D] : [details?: Details];

/** The error a thrower throws: an AppError with its entry's literal code and typed details. */
export type CatalogueError<S extends ErrorSpec<never>> = AppError & { readonly code: S['code']; readonly details: DetailsOf<S> };

export interface ErrorThrower<S extends ErrorSpec<never> = ErrorSpec<never>> {
  /** This error, to throw (`throw Errors.key()`) or to reject a promise with. */
  (...args: ArgsOf<S>): CatalogueError<S>;
  readonly spec: S;
  readonly code: S['code'];
  readonly status: number;
  /** True for an error this thrower produced (or any AppError with its code). */
  is(error: unknown): error is CatalogueError<S>;
}

export type ErrorCatalogue<T extends ErrorSpecs> = { readonly [K in keyof T]: ErrorThrower<T[K]> };

const CATALOGUE = Symbol.for('webinar.errorCatalogue');

function messageOf(spec: ErrorSpec<never>, details: unknown): string {
  return typeof spec.message === 'string' ? spec.message : (spec.message as (d: unknown) => string)(details);
}

function thrower<S extends ErrorSpec<never>>(spec: S): ErrorThrower<S> {
  const error = (...args: ArgsOf<S>): CatalogueError<S> => {
    const details = args[0] as Details | undefined;
    return new AppError(spec.code, spec.status, messageOf(spec, details), details) as CatalogueError<S>;
  };
  return Object.assign(error, {
    spec,
    code: spec.code,
    status: spec.status,
    is: (e: unknown): e is CatalogueError<S> => e instanceof AppError && e.code === spec.code,
  });
}

export function defineErrors<const T extends ErrorSpecs>(specs: T): ErrorCatalogue<T> {
  const catalogue = Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, thrower(spec)]));
  Object.defineProperty(catalogue, CATALOGUE, { value: true });
  return Object.freeze(catalogue) as ErrorCatalogue<T>;
}

/** For the catalogue test and the docs: is this module export a catalogue built by defineErrors? */
export function isErrorCatalogue(value: unknown): value is Readonly<Record<string, ErrorThrower>> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CATALOGUE] === true;
}
