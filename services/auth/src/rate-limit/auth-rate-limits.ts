// The limits of auth's public routes: per client address, and per account for login-link requests.
// They live in the shared store (rate-limit-store.ts), so they hold across replicas and restarts; in
// the microservices shape nginx applies its own per-address limits in front as well.
import { HttpErrors } from '@webinar/http';
import { Inject, Injectable } from '@nestjs/common';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { type RateLimit, RateLimitStore } from './rate-limit-store';

@Injectable()
export class AuthRateLimits {
  private readonly perAddress: RateLimit;
  private readonly perAccount: RateLimit;

  constructor(
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
    private readonly store: RateLimitStore,
  ) {
    this.perAddress = { limit: settings.rateLimitPerAddress, windowSeconds: 60 };
    this.perAccount = { limit: settings.rateLimitPerAccount, windowSeconds: 10 * 60 };
  }

  /** Throws RATE.LIMITED (429) when the client address is over its budget for `bucket`. */
  async address(bucket: string, address: string): Promise<void> {
    if (!(await this.store.hit(`${bucket}:${address}`, this.perAddress))) throw HttpErrors.rateLimited();
  }

  /**
   * Keyed by the e-mail's blind index whether or not an account exists, so a limited answer says
   * nothing about the address.
   */
  async account(emailIndex: string): Promise<void> {
    if (!(await this.store.hit(`account:${emailIndex}`, this.perAccount))) throw HttpErrors.rateLimited();
  }
}
