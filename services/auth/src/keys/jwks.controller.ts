import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Responds } from '@webinar/http';
import { type KeySet, Public, publicJwkSet, type PublicJwkSet } from '@webinar/security';
import { AUTH_PREFIX } from '../auth.constants';
import { ACCESS_KEYS } from './access-keys';

/** auth's public signing keys: other services verify access tokens locally against them. */
@ApiTags('keys')
@Controller(`${AUTH_PREFIX}/.well-known`)
export class JwksController {
  constructor(@Inject(ACCESS_KEYS) private readonly keys: KeySet) {}

  @Get('jwks.json')
  @Public()
  @Header('cache-control', 'public, max-age=60')
  @Responds(200, publicJwkSet)
  jwks(): PublicJwkSet {
    return this.keys.publicJwks();
  }
}
