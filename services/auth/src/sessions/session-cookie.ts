import type { FastifyReply } from 'fastify';
import type {} from '@fastify/cookie';
import { SESSION_COOKIE } from '../auth.constants';

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
