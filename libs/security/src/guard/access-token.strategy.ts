// The passport strategy behind AccessGuard. Passport keeps strategies in one process-wide registry
// by name, and the standalone deployment runs several Nest apps in one process, each with its own
// verifier (audience, keys). So the strategy holds no verifier: the guard hands its own in through
// passport's authenticate options, and the last app to start cannot hijack the others' checks.
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import type { AccessIdentity } from './access-identity';
import type { AccessTokenVerifier } from './access-token-verifier';
import { bearerTokenOf } from './bearer-token';
import { ACCESS_TOKEN_STRATEGY } from './injection-tokens';

/** Key of the verifier in the options the guard passes to `passport.authenticate`. */
export const VERIFIER_OPTION = 'accessTokenVerifier';

interface RequestWithHeaders {
  headers: Record<string, string | string[] | undefined>;
}

function verifierFrom(options: unknown): AccessTokenVerifier {
  const verifier = (options as Record<string, unknown> | undefined)?.[VERIFIER_OPTION];
  if (typeof verifier !== 'object' || verifier === null || !('verify' in verifier)) {
    throw new Error(`The "${ACCESS_TOKEN_STRATEGY}" strategy must be run through AccessGuard.`);
  }
  return verifier as AccessTokenVerifier;
}

@Injectable()
export class AccessTokenStrategy extends PassportStrategy(CustomStrategy, ACCESS_TOKEN_STRATEGY) {
  constructor() {
    super({ passOptionsToCallback: true });
  }

  /** False (no credentials) becomes a passport failure; a thrown TokenError becomes a passport error. */
  async validate(request: RequestWithHeaders, options: unknown): Promise<AccessIdentity | false> {
    const verifier = verifierFrom(options);
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) return false;
    return verifier.verify(token);
  }
}
