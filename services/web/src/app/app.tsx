// The app shell: skip link, header (home, console, language, sign out), and the page for the URL.
// Where a person lands is decided here: `/` is the sign-in page for nobody and the home for
// everybody signed in.
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { api } from './api/endpoints';
import { LANGUAGES, type Language, setLanguage, t, useLanguage } from './i18n/i18n';
import { Admin } from './pages/admin';
import { Campaign } from './pages/campaign';
import { Home } from './pages/home';
import { LinkLanding } from './pages/link-landing';
import { Onboarding } from './pages/onboarding';
import { Presenter } from './pages/presenter';
import { Room } from './pages/room';
import { SignIn } from './pages/sign-in';
import { matchRoute, navigate, usePath } from './router';
import { isPrivileged, type SessionState, useSession } from './session';
import { Page, Status } from './ui/ui';

/** The app's routes; deploy/standalone and nginx answer these paths with index.html (APP_ROUTES). */
const ROUTES = [
  ['/', 'home'],
  ['/sign-in', 'sign-in'],
  ['/link', 'link'],
  ['/onboarding', 'onboarding'],
  ['/admin', 'admin'],
  ['/admin/:tab', 'admin'],
  ['/s/:id', 'room'],
  ['/present/:id', 'presenter'],
  ['/campaign/:id', 'campaign'],
  ['/campaign-signup', 'campaign-signup'],
] as const;

function Header(props: { session: SessionState }): JSX.Element {
  const lang = useLanguage();
  const who = props.session.status === 'signed-in' ? props.session.who : undefined;
  const signOut = () => {
    api.logout().then(
      () => navigate('/sign-in', { replace: true }),
      () => navigate('/sign-in', { replace: true }),
    );
  };
  return (
    <header class="bar">
      <a class="brand" href="/">
        {t('app.name')}
      </a>
      <nav aria-label={t('app.nav')}>
        {who ? <a href="/">{t('app.home')}</a> : null}
        {who && isPrivileged(who) && who.session.mfa ? <a href="/admin">{t('app.admin')}</a> : null}
      </nav>
      <span class="spacer" />
      <label class="inline" for="language">
        {t('app.language')}
      </label>
      <select id="language" value={lang} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
        {Object.entries(LANGUAGES).map(([code, { name }]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
      {who ? (
        <button type="button" class="secondary" onClick={signOut}>
          {t('app.signOut')}
        </button>
      ) : null}
    </header>
  );
}

function Content(props: { path: string; session: SessionState }): JSX.Element {
  const { session } = props;
  const match = matchRoute(props.path, ROUTES);
  const page = match?.page;
  const signedOut = session.status === 'signed-out';
  // Pages that need a session send a signed-out visitor to sign in (the room explains itself).
  useEffect(() => {
    if (signedOut && (page === 'home' || page === 'admin' || page === 'onboarding' || page === 'presenter')) navigate('/sign-in', { replace: true });
    if (session.status === 'signed-in' && page === 'sign-in' && session.who.session.mfa) navigate('/', { replace: true });
  }, [page, session.status]);
  if (!match) {
    return (
      <Page title={t('app.notFound')}>
        <a href="/">{t('app.backHome')}</a>
      </Page>
    );
  }
  switch (match.page) {
    case 'link':
      return <LinkLanding />;
    case 'campaign-signup':
      return <LinkLanding texts="campaignSignup" redeem={(token) => api.campaignRedeem(token)} />;
    case 'campaign':
      return <Campaign campaignId={match.params['id'] ?? ''} />;
    case 'sign-in':
      return <SignIn />;
    case 'room':
      return <Room seminarId={match.params['id'] ?? ''} session={session} />;
    default:
      break;
  }
  if (session.status !== 'signed-in') return <Status message={t('app.loading')} />;
  switch (match.page) {
    case 'home':
      return <Home who={session.who} />;
    case 'onboarding':
      return <Onboarding />;
    case 'admin':
      return <Admin who={session.who} tab={match.params['tab']} />;
    case 'presenter':
      return <Presenter seminarId={match.params['id'] ?? ''} />;
    default:
      return <Status message={t('app.notFound')} />;
  }
}

export function App(): JSX.Element {
  const path = usePath();
  const session = useSession(path);
  useLanguage();
  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <Header session={session} />
      <main id="main" key={path}>
        <Content path={path} session={session} />
      </main>
    </>
  );
}
