// The authorised playback edge: `/live/<seminar>/<playback token>/<file>`. The token is a path
// segment so that every URL a playlist lists (relative segment names) inherits it, with no cookie and
// no third-party-cookie rules in the way (see docs/media.md). Routes are @Public() for the access-token
// guard because the playback token *is* their access policy, checked here before any byte is sent.
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { PlaybackProtocol } from '@webinar/contracts';
import { AppError } from '@webinar/http';
import { Public } from '@webinar/security';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MediaRuntime } from '../media-runtime';
import { STREAM_PREFIX } from '../stream.constants';
import { FLV_FILE, serveFlv } from './flv-relay';
import { trackedViewer } from './tracked-viewer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAYLIST_FILE = 'index.m3u8';

const notFound = (): AppError => new AppError('PLAYBACK.NOT_FOUND', 404, 'No such stream or file.');

@ApiExcludeController()
@Controller(STREAM_PREFIX)
export class EdgeController {
  constructor(@Inject(MediaRuntime) private readonly media: MediaRuntime) {}

  @Public()
  @Get(':seminarId/:file')
  missingToken(): never {
    throw new AppError('PLAYBACK.TOKEN_MISSING', 401, 'A valid playback token is required.');
  }

  // A wildcard, not `:token/:file`: the router caps a `:param` at 100 characters and a token is ~400.
  @Public()
  @Get(':seminarId/*')
  async serve(
    @Param('seminarId') seminarId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const [token, file, ...rest] = ((request.params as Record<string, string | undefined>)['*'] ?? '').split('/');
    if (!UUID.test(seminarId) || !token || !file || rest.length > 0) throw notFound();
    const protocol: PlaybackProtocol = file === FLV_FILE ? 'flv' : 'hls';
    const viewer = await this.media.authorizer.authorize(token, seminarId, protocol);
    this.commonHeaders(request, reply);
    if (protocol === 'flv') {
      await serveFlv({ media: this.media, viewer, seminarId, token, request, reply });
      return undefined;
    }
    this.media.viewers.seen(trackedViewer(viewer, 'hls'));
    if (file === PLAYLIST_FILE) {
      const body = await this.media.store.playlist(seminarId);
      if (!body) throw notFound();
      void reply.header('content-type', 'application/vnd.apple.mpegurl').header('cache-control', 'no-cache');
      return body;
    }
    const body = await this.media.store.segment(seminarId, file);
    if (!body) throw notFound();
    // Segment names never repeat within a stream: a short private cache saves refetches on seek.
    void reply.header('content-type', 'video/mp2t').header('cache-control', 'private, max-age=30');
    return body;
  }

  private commonHeaders(request: FastifyRequest, reply: FastifyReply): void {
    const origin = request.headers.origin;
    void reply.header('vary', 'Origin');
    if (origin !== undefined && origin === this.media.webOrigin) {
      void reply.header('access-control-allow-origin', origin);
    }
    // The web app is another origin of the same site: its <video> (native HLS) must be able to load.
    void reply.header('cross-origin-resource-policy', 'same-site');
  }
}
