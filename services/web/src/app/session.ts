// Who is signed in, read once per navigation from GET /auth/session (401 = nobody). Pages decide
// from it where a person belongs: `/` never shows the sign-in form to someone signed in.
import { useEffect, useState } from 'preact/hooks';
import { signedInHint } from './api/http';
import { api } from './api/endpoints';
import type { WhoAmI } from './api/types';

export type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; who: WhoAmI };

export function useSession(path: string): SessionState {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    if (!signedInHint.get()) {
      setState({ status: 'signed-out' });
      return;
    }
    api.session().then(
      (who) => live && setState({ status: 'signed-in', who }),
      () => {
        if (!live) return;
        // Any refusal (401: the session ended or was revoked) means signed out.
        signedInHint.set(false);
        setState({ status: 'signed-out' });
      },
    );
    return () => {
      live = false;
    };
  }, [path]);
  // Signed in a moment ago (link, password): until the effect above has asked, say "loading", so no
  // page sends the new session to the sign-in form in between.
  if (state.status === 'signed-out' && signedInHint.get()) return { status: 'loading' };
  return state;
}

export const isPrivileged = (who: WhoAmI): boolean => who.user.role === 'root' || who.user.role === 'admin';
