// Where a login or invitation link lands (/link#<token>; auth's /auth/link redirects here and the
// browser keeps the fragment). The token never reaches a server log: it is in the fragment, read
// once, and the address bar is cleaned at once. Only the button's POST consumes the link, so a mail
// scanner that opens the page consumes nothing.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { t } from '../i18n/i18n';
import { navigate } from '../router';
import { Page, Status, useAction } from '../ui/ui';

/** Reads the fragment once per page load and cleans the URL (history entry replaced, no reload). */
export function takeFragmentToken(path: string): string {
  const token = location.hash.slice(1);
  if (location.hash) history.replaceState(null, '', path);
  return token;
}

export function LinkLanding(props: { redeem?: (token: string) => Promise<unknown>; texts?: 'link' | 'campaignSignup' }): JSX.Element {
  const [token] = useState(() => takeFragmentToken(location.pathname));
  const [failed, setFailed] = useState(false);
  const action = useAction();
  const signup = props.texts === 'campaignSignup';
  const redeem = props.redeem ?? ((value: string) => api.redeemLink(value));
  const confirm = action.run(async () => {
    try {
      await redeem(token);
    } catch (error) {
      setFailed(true);
      throw error;
    }
    navigate('/', { replace: true });
  });
  const problem = !token ? t(signup ? 'campaignSignup.incomplete' : 'link.incomplete') : failed ? t(signup ? 'campaignSignup.invalid' : 'link.invalid') : '';
  return (
    <Page title={t(signup ? 'campaignSignup.title' : 'link.title')}>
      <p>{t(signup ? 'campaignSignup.explain' : 'link.explain')}</p>
      <button type="button" onClick={confirm} disabled={!token || failed || action.busy}>
        {t(signup ? 'campaignSignup.confirm' : 'link.confirm')}
      </button>
      <Status
        message={problem || (action.busy ? t(signup ? 'campaignSignup.working' : 'link.working') : action.error)}
        kind={problem || action.error ? 'error' : 'info'}
        testId="link-status"
      />
      {problem && !signup ? (
        <p>
          <a href="/sign-in">{t('link.newLink')}</a>
        </p>
      ) : null}
    </Page>
  );
}
