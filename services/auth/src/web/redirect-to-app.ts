import type { FastifyReply } from 'fastify';

/** A 303 to a browser-app page, uncached and without a referrer (nothing from the request is echoed). */
export function redirectToApp(reply: FastifyReply, path: string): void {
  void reply.code(303).header('location', path).header('referrer-policy', 'no-referrer').header('cache-control', 'no-store').send();
}
