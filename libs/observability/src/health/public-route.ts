import { SetMetadata } from '@nestjs/common';

/**
 * Same key as `@Public()` in @webinar/security: the auth guard lets routes carrying it through. Duplicated here
 * rather than imported so that observability stays below security in the dependency graph.
 */
export const PUBLIC_ROUTE_METADATA_KEY = 'security:public';

export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE_METADATA_KEY, true);
