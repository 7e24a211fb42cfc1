// Who is signed in, read once per navigation from GET /auth/session (401 = nobody). Pages decide
// from it where a person belongs: `/` never shows the sign-in form to someone signed in.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api/http';
import { api } from './api/endpoints';
import type { WhoAmI } from './api/types';

export type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; who: WhoAmI };

export function useSession(path: string): SessionState {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    api.session().then(
      (who) => live && setState({ status: 'signed-in', who }),
      (error: unknown) => {
        if (!live) return;
        // Any refusal (401, a revoked session) means signed out; the network failing too, for now.
        setState(error instanceof ApiError ? { status: 'signed-out' } : { status: 'signed-out' });
      },
    );
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}

export const isPrivileged = (who: WhoAmI): boolean => who.user.role === 'root' || who.user.role === 'admin';
