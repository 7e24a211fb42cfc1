// Sign-in: a link by mail for everyone, and password + authenticator code (or a recovery code) for
// those who enrolled. auth answers every link request alike, and every failed password sign-in with
// one code, so the page says the same whatever the reason.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/http';
import { api } from '../api/endpoints';
import { t } from '../i18n/i18n';
import { navigate } from '../router';
import { Field, Page, Refusal, Status, useAction } from '../ui/ui';

function LinkRequest(): JSX.Element {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const action = useAction();
  return (
    <form class="card" onSubmit={action.run(async () => {
      setSent(false);
      await api.requestLoginLink(email.trim());
      setSent(true);
    })}>
      <h2>{t('signIn.sendLink')}</h2>
      <p>{t('signIn.linkIntro')}</p>
      <Field label={t('signIn.email')} type="email" autocomplete="email" value={email} onInput={setEmail} maxLength={254} name="link-email" />
      <button type="submit" disabled={action.busy}>
        {t('signIn.sendLink')}
      </button>
      <Status message={action.busy ? t('signIn.sending') : sent ? t('signIn.sent') : action.error} kind={action.error ? 'error' : 'info'} />
    </form>
  );
}

function PasswordSignIn(): JSX.Element {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const action = useAction();
  const submit = action.run(async () => {
    try {
      await api.passwordLogin({
        email: email.trim(),
        password,
        ...(useRecovery ? { recoveryCode: code.trim() } : { totp: code.replace(/\s+/g, '') }),
      });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'AUTH.LOGIN_FAILED') throw new Refusal('signIn.failed');
      if (error instanceof ApiError && error.code === 'AUTH.LOGIN_BACKOFF') throw new Refusal('signIn.backoff');
      throw error;
    }
    navigate('/', { replace: true });
  });
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('signIn.passwordTitle')}</h2>
      <p>{t('signIn.passwordIntro')}</p>
      <Field label={t('signIn.email')} type="email" autocomplete="username" value={email} onInput={setEmail} maxLength={254} name="email" />
      <Field label={t('signIn.password')} type="password" autocomplete="current-password" value={password} onInput={setPassword} name="password" />
      {useRecovery ? (
        <Field label={t('signIn.recovery')} value={code} onInput={setCode} autocomplete="off" name="recovery" />
      ) : (
        <Field label={t('signIn.code')} value={code} onInput={setCode} inputMode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" name="totp" />
      )}
      <p>
        <label class="inline">
          <input type="checkbox" checked={useRecovery} onChange={(e) => setUseRecovery(e.currentTarget.checked)} /> {t('signIn.useRecovery')}
        </label>
      </p>
      <button type="submit" disabled={action.busy}>
        {t('signIn.submit')}
      </button>
      <Status message={action.error} kind="error" testId="password-status" />
    </form>
  );
}

export function SignIn(): JSX.Element {
  return (
    <Page title={t('signIn.title')} wide>
      <div class="columns">
        <LinkRequest />
        <PasswordSignIn />
      </div>
    </Page>
  );
}
