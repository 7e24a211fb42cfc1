import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier, type AccessTokenVerifierOptions } from './access-token-verifier';
import { AccessTokenStrategy } from './access-token.strategy';
import { AccessGuard } from './access.guard';
import { ACCESS_TOKEN_VERIFIER } from './injection-tokens';
import { RevocationSet } from './revocation-set';

/**
 * Import once in a service's root module: every route then needs a valid access token unless marked
 * @Public(). Global, so that any module can inject the RevocationSet (to feed it) or the verifier.
 */
@Module({})
export class SecurityModule {
  static forRoot(opts: AccessTokenVerifierOptions): DynamicModule {
    const verifier = new AccessTokenVerifier(opts);
    return {
      module: SecurityModule,
      global: true,
      providers: [
        { provide: RevocationSet, useValue: opts.revocations },
        { provide: ACCESS_TOKEN_VERIFIER, useValue: verifier },
        { provide: AccessTokenVerifier, useValue: verifier },
        AccessTokenStrategy,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [RevocationSet, ACCESS_TOKEN_VERIFIER, AccessTokenVerifier],
    };
  }
}
