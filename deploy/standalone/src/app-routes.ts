// The standalone's SPA fallback: each browser-app route (APP_ROUTES) answers index.html, so reload and
// shared links work; every other unknown path keeps the API's 404 JSON. fastifyStatic (registered
// before this) serves the files and provides reply.sendFile.
import { APP_ROUTES } from '@webinar/web';

/** The slice of Fastify used here (with @fastify/static's reply.sendFile). */
interface AppRouteHost {
  get(path: string, handler: (request: unknown, reply: AppReply) => unknown): unknown;
}
interface AppReply {
  header(name: string, value: string): AppReply;
  sendFile(file: string): unknown;
}

export function registerAppRoutes(fastify: AppRouteHost): void {
  for (const route of APP_ROUTES) {
    fastify.get(route, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
}
