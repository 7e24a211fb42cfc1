// The operator's break-glass secret: with it a root may approve their own elevation when no other
// root can. Closed by default (no file configured = disabled). The file is read once at start and only
// its SHA-256 is kept; a candidate is hashed and compared in constant time, so neither the length nor
// the contents of the secret leak through timing. Nothing here ever logs the secret or the candidate.
import type { Provider } from '@nestjs/common';
import { hashToken, timingSafeEqualHex } from '@webinar/security';
import { readFile } from 'node:fs/promises';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';

/** Short secrets could be guessed despite the rate limit; the operator generates a long one. */
export const MIN_BREAK_GLASS_SECRET_LENGTH = 32;

export const BREAK_GLASS = Symbol('BREAK_GLASS');

export class BreakGlassSecret {
  private constructor(private readonly digest: string | undefined) {}

  static disabled(): BreakGlassSecret {
    return new BreakGlassSecret(undefined);
  }

  /** A configured but unreadable or too short secret stops the start: failing closed, and loudly. */
  static async fromFile(file: string | undefined): Promise<BreakGlassSecret> {
    if (file === undefined) return BreakGlassSecret.disabled();
    const secret = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    if (secret.length < MIN_BREAK_GLASS_SECRET_LENGTH) {
      throw new Error(`The break-glass secret file holds fewer than ${MIN_BREAK_GLASS_SECRET_LENGTH} characters.`);
    }
    return new BreakGlassSecret(hashToken(secret));
  }

  get enabled(): boolean {
    return this.digest !== undefined;
  }

  matches(candidate: string): boolean {
    if (this.digest === undefined) return false;
    return timingSafeEqualHex(hashToken(candidate), this.digest);
  }
}

export const breakGlassProvider: Provider = {
  provide: BREAK_GLASS,
  useFactory: (settings: AuthSettings) => BreakGlassSecret.fromFile(settings.breakGlassSecretFile),
  inject: [AUTH_SETTINGS],
};
