// The OpenAPI document of a service is generated from its controllers, served under the service's
// prefix, and committed to the repository; CI fetches the one each service serves and fails when it
// differs from the committed file (tools/openapi.mjs --check).
import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ServiceDescription } from './service-description';

export interface OpenApiOptions {
  service: Pick<ServiceDescription, 'name' | 'description' | 'apiVersion'>;
  /** Modules whose controllers belong to this service (the standalone app holds several). */
  include: Type<unknown>[];
}

/** Where a running service serves its document. */
export function openApiPath(service: Pick<ServiceDescription, 'prefix'>): string {
  return `/${service.prefix}/openapi.json`;
}

export function buildOpenApi(app: INestApplication, opts: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(opts.service.name)
    .setVersion(opts.service.apiVersion)
    .setDescription(opts.service.description)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config, { include: opts.include, deepScanRoutes: true });
}

/** Stable JSON (sorted keys) so the committed file only changes when the API does. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, val]) => [k, sort(val)]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value), null, 2) + '\n';
}
