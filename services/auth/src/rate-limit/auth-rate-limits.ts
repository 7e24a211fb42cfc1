import { Inject, Injectable } from '@nestjs/common';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { RateLimited } from '../errors';
import { RateLimiter } from './rate-limiter';

/** The limits of auth's public routes: per client address, and per account for login-link requests. */
@Injectable()
export class AuthRateLimits {
  private readonly perAddress: RateLimiter;
  private readonly perAccount: RateLimiter;

  constructor(@Inject(AUTH_SETTINGS) settings: AuthSettings) {
    this.perAddress = new RateLimiter({ limit: settings.rateLimitPerAddress, windowMs: 60_000 });
    this.perAccount = new RateLimiter({ limit: settings.rateLimitPerAccount, windowMs: 10 * 60_000 });
  }

  /** Throws RATE.LIMITED (429) when the client address is over its budget for `bucket`. */
  address(bucket: string, address: string): void {
    if (!this.perAddress.hit(`${bucket}:${address}`)) throw new RateLimited();
  }

  /**
   * Keyed by the e-mail's blind index whether or not an account exists, so a limited answer says
   * nothing about the address.
   */
  account(emailIndex: string): void {
    if (!this.perAccount.hit(emailIndex)) throw new RateLimited();
  }
}
