// A small history-API router: the app's pages have real URLs (reload and back work), and a link
// inside the app changes the page without a full load. The server answers every app route with
// index.html (deploy/standalone/src/app-routes.ts, nginx's template), the list being APP_ROUTES.
import { useEffect, useState } from 'preact/hooks';

type Listener = (path: string) => void;
const listeners = new Set<Listener>();

function notify(): void {
  for (const listener of listeners) listener(location.pathname);
}

/** Goes to an app page; `replace` for redirects, so back does not return to the redirecting page. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  notify();
  // The new page's heading takes focus (see ui/page.tsx), so a screen reader announces the change.
}

window.addEventListener('popstate', notify);

/** Same-origin links (`<a href="/…">`) stay in the app; modified clicks open as the browser likes. */
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.target instanceof Element ? event.target.closest('a') : null;
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || !isAppPath(url.pathname)) return;
  // An in-page anchor (the skip link) is the browser's business.
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

/** The current path, re-rendering on every navigation. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    listeners.add(setPath);
    return () => void listeners.delete(setPath);
  }, []);
  return path;
}

export interface RouteMatch {
  page: string;
  params: Record<string, string>;
}

/** `/s/:id` style patterns; the first that matches wins. */
export function matchRoute(path: string, routes: ReadonlyArray<readonly [string, string]>): RouteMatch | undefined {
  const parts = path.replace(/\/+$/, '').split('/');
  for (const [pattern, page] of routes) {
    const want = pattern.replace(/\/+$/, '').split('/');
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = want.every((segment, i) => {
      const got = parts[i] ?? '';
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(got);
        return got.length > 0;
      }
      return segment === got;
    });
    if (ok) return { page, params };
  }
  return undefined;
}

function isAppPath(path: string): boolean {
  return !/^\/(auth|cms|polls|live|health)(\/|$)/.test(path) && !/\.[a-z0-9]+$/i.test(path);
}
