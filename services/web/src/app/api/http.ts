// The one way the app talks to the API: same-origin fetch, JSON in and out, and every refusal turned
// into an ApiError carrying the API's stable code (never a thrown Response or a parse error).
// Cookie routes (/auth/session, /auth/token, credentials…) use the session cookie; every other route
// gets a short-lived access token per audience from POST /auth/token, cached until shortly before
// its end.
import type { AccessTokenBody, AccessTokenView } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The services POST /auth/token issues tokens for. */
export type Audience = AccessTokenBody['audience'];

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    const shaped = typeof body === 'object' && body !== null ? (body as { code?: unknown; message?: unknown }) : {};
    throw new ApiError(
      response.status,
      typeof shaped.code === 'string' ? shaped.code : `HTTP.${response.status}`,
      typeof shaped.message === 'string' ? shaped.message : response.statusText,
    );
  }
  return body as T;
}

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
}

/** A route authenticated by the session cookie (or public). */
export async function cookieCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  return parse<T>(await send(method, path, body));
}

const tokens = new Map<Audience, { token: string; until: number; elevated: boolean }>();

/** Forgets cached tokens (sign-in, sign-out, elevation: the claims change). */
export function forgetTokens(): void {
  tokens.clear();
}

async function accessToken(audience: Audience): Promise<string> {
  const cached = tokens.get(audience);
  if (cached && cached.until > Date.now()) return cached.token;
  const view = await cookieCall<AccessTokenView>('POST', '/auth/token', { audience } satisfies AccessTokenBody);
  // Renewed 20 s early so a request never leaves with a token about to die.
  tokens.set(audience, { token: view.accessToken, until: Date.now() + Math.max(0, view.expiresIn - 20) * 1000, elevated: view.elevated });
  return view.accessToken;
}

/** Whether the session's tokens carry root's elevation now (asked before a call that needs it). */
export async function isElevated(): Promise<boolean> {
  await accessToken('cms');
  return tokens.get('cms')?.elevated ?? false;
}

const HINT_KEY = 'webinar.signed-in';
/**
 * Whether this browser signed in (and did not sign out) — not a credential, only a hint so that a
 * visitor who never signed in is not sent to GET /auth/session for a certain 401 (which browsers log
 * as an error). The session cookie itself is HttpOnly and decides everything.
 */
export const signedInHint = {
  get: (): boolean => {
    try {
      return localStorage.getItem(HINT_KEY) === '1';
    } catch {
      return true;
    }
  },
  set: (on: boolean): void => {
    try {
      if (on) localStorage.setItem(HINT_KEY, '1');
      else localStorage.removeItem(HINT_KEY);
    } catch {
      // Without storage the app simply asks the API every time.
    }
  },
};

/** A bearer route of `audience`. A revoked token (e.g. after a role change) is retried once with a fresh one. */
export async function call<T>(audience: Audience, method: string, path: string, body?: unknown): Promise<T> {
  const attempt = async () => send(method, path, body, { authorization: `Bearer ${await accessToken(audience)}` });
  let response = await attempt();
  if (response.status === 401) {
    tokens.delete(audience);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // revocations count whole seconds
    response = await attempt();
  }
  return parse<T>(response);
}
