import type { FastifyReply } from 'fastify';
import type {} from '@fastify/cookie';
import { SESSION_COOKIE } from '../auth.constants';
import type { RedeemedView } from './session.schemas';
import type { User } from '../users/user.entity';
import type { NewSession } from './sessions.service';

/** ASVS 3.3.x: __Host- prefix, Secure, HttpOnly, SameSite=Strict, Path=/, no Domain. */
export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' });
}

/**
 * Hands a freshly opened session to the browser, whichever way it was opened (link, password +
 * second factor, campaign sign-up): the cookie, no caching of the answer, and who is signed in.
 */
export function startBrowserSession(reply: FastifyReply, signedIn: NewSession & { user: User }, maxAgeSeconds: number): RedeemedView {
  setSessionCookie(reply, signedIn.token, maxAgeSeconds);
  void reply.header('cache-control', 'no-store');
  const { user, context } = signedIn;
  return {
    user: { id: user.id, role: user.role, companyId: user.companyId },
    session: {
      id: context.sessionId,
      idleExpiresAt: context.idleExpiresAt.toISOString(),
      absoluteExpiresAt: context.absoluteExpiresAt.toISOString(),
    },
  };
}
