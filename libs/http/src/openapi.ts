// The OpenAPI document of a service is generated from its controllers, served under the service's
// prefix, and committed to the repository; CI regenerates it and fails on drift.
import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export interface OpenApiOptions {
  title: string;
  version: string;
  description: string;
  /** Modules whose controllers belong to this service (the standalone app holds several). */
  include: Type<unknown>[];
}

export function buildOpenApi(app: INestApplication, opts: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(opts.title)
    .setVersion(opts.version)
    .setDescription(opts.description)
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
