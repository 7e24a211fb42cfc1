// The viewers' route, `GET /live/<seminar>/<playback token>/<file>`: index.m3u8, seg_<n>.ts, stream.flv.
// The token is a path segment so that every URL a playlist lists (relative segment names) inherits it,
// with no cookie and no third-party-cookie rules in the way (see docs/media.md). The token *is* the
// route's access policy (there is no access token), checked before any byte is sent: signature once
// per token (cached until expiry), then on every request expiry, seminar, protocol and revocations.
//
// Why a Fastify route and not a Nest controller method: this route carries nearly all of a node's
// traffic, and Nest's per-request pipeline (the platform's guard, validation interceptor, exception
// filter, helmet) cost ~80 µs of CPU per request here, as much as the whole request costs a bare
// Fastify route; measured in docs/media.md. Fastify's own hooks still run (metrics, request log).
// What the pipeline would do for this route is done here: the guard lets it through anyway (the route
// is public for access tokens), a query string or body is refused (400 REQUEST.INVALID, like the
// validation interceptor), errors get the platform's stable bodies (toErrorResponse, like the
// exception filter), and the security headers are helmet's, computed once (media-headers.ts).
// test/edge.int-spec.ts checks all of that over HTTPS. A
// token-less `/live/<seminar>/<file>` still goes to the Nest controller (401 PLAYBACK.TOKEN_MISSING).
//
// Only the canonical form of a media path is served: the router percent-decodes parameters, so
// `<token with its first . as %2E>` or `<token>%2f..%2f…` would otherwise reach the authorizer as the
// token while the raw path (what proxies, caches and logs see) holds a different string. The player
// builds these URLs from unreserved characters only (UUID, base64url token, file name), so a path
// with any escape, `;` or other character is refused before the token is looked at:
// 400 PLAYBACK.PATH_NOT_CANONICAL. The request log masks such paths anyway (redactPath decodes).
import { isUuid, type PlaybackProtocol } from '@webinar/contracts';
import { HttpErrors, toErrorResponse } from '@webinar/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ViewerEdge } from './viewer-edge';
import { STREAM_PREFIX } from '../stream.constants';
import { FLV_FILE, serveFlv } from './flv-relay';
import { MEDIA_ROUTE_CONFIG, MEDIA_SECURITY_HEADERS } from './media-headers';
import { PlaybackErrors } from './playback.errors';
import { trackedViewer } from './tracked-viewer';

export const MEDIA_ROUTE_URL = `/${STREAM_PREFIX}/:seminarId/*`;

/** A media path as the player writes it: unreserved characters and `/` only (no escapes, no `;`). */
const CANONICAL_MEDIA_PATH = /^\/[A-Za-z0-9._~/-]*$/;
const PLAYLIST_FILE = 'index.m3u8';
const PLAYLIST_HEADERS = Object.freeze({ 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-cache' });
// Segment names never repeat within a stream: a short private cache saves refetches on seek.
const SEGMENT_HEADERS = Object.freeze({ 'content-type': 'video/mp2t', 'cache-control': 'private, max-age=30' });

interface RouteLogger {
  error(obj: object, msg: string): void;
}

export function registerMediaRoute(instance: FastifyInstance, media: ViewerEdge, logger: RouteLogger): void {
  instance.get(MEDIA_ROUTE_URL, { config: MEDIA_ROUTE_CONFIG }, async (request, reply) => {
    void reply.headers(MEDIA_SECURITY_HEADERS);
    try {
      return await serveMedia(media, request, reply);
    } catch (error) {
      const { status, body, unexpected } = toErrorResponse(error);
      if (unexpected) {
        body.errorId = randomUUID();
        logger.error({ errorId: body.errorId, err: error }, 'unhandled error');
      }
      return reply.status(status).header('cache-control', 'no-store').send(body);
    }
  });
}

async function serveMedia(media: ViewerEdge, request: FastifyRequest, reply: FastifyReply): Promise<Buffer | FastifyReply> {
  if (!isCanonicalPath(request.url)) throw PlaybackErrors.pathNotCanonical();
  if (hasQuery(request.query)) throw HttpErrors.invalidRequest();
  const params = request.params as Record<string, string | undefined>;
  const seminarId = params['seminarId'] ?? '';
  const [token, file, ...rest] = (params['*'] ?? '').split('/');
  if (!isUuid(seminarId) || !token || !file || rest.length > 0) throw PlaybackErrors.notFound();
  const protocol: PlaybackProtocol = file === FLV_FILE ? 'flv' : 'hls';
  // Before the token check: the web app may read a refusal's code (expired, revoked…), never media.
  corsHeaders(media, request, reply);
  const viewer = await media.authorizer.authorize(token, seminarId, protocol);
  if (protocol === 'flv') {
    await serveFlv({ media, viewer, seminarId, token, request, reply });
    return reply;
  }
  const body = file === PLAYLIST_FILE ? await media.store.playlist(seminarId) : await media.store.segment(seminarId, file);
  if (!body) throw PlaybackErrors.notFound();
  // Counted only once media is served: someone waiting for the stream to start has not joined it.
  media.viewers.seen(trackedViewer(viewer, 'hls'));
  void reply.headers(file === PLAYLIST_FILE ? PLAYLIST_HEADERS : SEGMENT_HEADERS);
  return body;
}

function corsHeaders(media: ViewerEdge, request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  void reply.header('vary', 'Origin');
  if (origin !== undefined && origin === media.webOrigin) void reply.header('access-control-allow-origin', origin);
}

function hasQuery(query: unknown): boolean {
  return typeof query === 'object' && query !== null && Object.keys(query).length > 0;
}

/** The raw path (before the router decodes it) uses only the characters the player writes. */
export function isCanonicalPath(url: string): boolean {
  const queryStart = url.indexOf('?');
  return CANONICAL_MEDIA_PATH.test(queryStart === -1 ? url : url.slice(0, queryStart));
}
