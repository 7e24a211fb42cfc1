// The shape of one entry of an error catalogue: a stable code (MODULE.REASON) clients branch on, the
// HTTP status it is answered with, and a message safe to show. A message that names a bound (a
// maximum duration, a state) is a function of the details the throw site passes.
// Plain data, so the browser client can import it; `defineErrors` in @webinar/http turns it into throwers.
export interface ErrorSpec<D = never> {
  readonly code: string;
  readonly status: number;
  readonly message: string | ((details: D) => string);
}

/** A catalogue's entries by key; `never` accepts every message function, whatever its details. */
export type ErrorSpecs = Readonly<Record<string, ErrorSpec<never>>>;

/** Declares specs with their literal codes kept, so `X.key.code` has the code as its type. */
export function errorSpecs<const T extends ErrorSpecs>(specs: T): T {
  return specs;
}

/** The message of a spec that takes no details (shared and viewer codes all do). */
export function fixedMessage(spec: ErrorSpec<never>): string {
  return typeof spec.message === 'string' ? spec.message : spec.code;
}
