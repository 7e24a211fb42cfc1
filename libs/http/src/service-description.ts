// Who a service is, said once (services/<name>/src/service.ts) and read by its process (runService),
// by the OpenAPI document it serves and by the repository tools (tools/service-catalog.cjs): a name,
// prefix or description never differs between them.

export interface ServiceDescription {
  /** The process and logger name, and the `service` label of its metrics. */
  readonly name: string;
  /** The first path segment of every route (ADR-1); nginx routes on it. */
  readonly prefix: string;
  /** The `aud` of access tokens meant for this service. */
  readonly audience: string;
  /** What the OpenAPI document says the service is. */
  readonly description: string;
  /** The API's version in its OpenAPI document. */
  readonly apiVersion: string;
}

export function describeService(description: ServiceDescription): ServiceDescription {
  if (!/^[a-z][a-z0-9-]*$/.test(description.prefix)) throw new Error(`A service prefix is one lowercase path segment: ${description.prefix}`);
  return Object.freeze({ ...description });
}
