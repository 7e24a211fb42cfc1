// The viewers' routes under `/live` that Nest serves: only the refusal of a URL without a token. The
// route with a token, which carries the media, is registered on Fastify directly (media-route.ts:
// the platform's per-request pipeline cost as much CPU as the rest of a request). @Public() for the
// access-token guard: a playback token, not an access token, is what these routes ask for.
import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@webinar/security';
import { STREAM_PREFIX } from '../stream.constants';
import { PlaybackErrors } from './playback.errors';

@ApiExcludeController()
@Controller(STREAM_PREFIX)
export class EdgeController {
  @Public()
  @Get(':seminarId/:file')
  missingToken(): never {
    throw PlaybackErrors.tokenMissing();
  }
}
