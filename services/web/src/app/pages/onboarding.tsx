// First-time onboarding after a link sign-in: password (strength feedback, the API's policy
// messages), authenticator (QR code from the API, typed code), recovery codes shown once with copy
// and download. Then the person signs in again with password + code: only such a session may act
// as admin, root, presenter or moderator (docs/identity.md).
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/http';
import { api } from '../api/endpoints';
import type { TotpEnrolmentView } from '../api/types';
import { t } from '../i18n/i18n';
import { navigate } from '../router';
import { CopyButton, Field, Page, Refusal, Status, useAction } from '../ui/ui';
import { passwordStrength } from './password-strength';

type Step = { n: 1 } | { n: 2; password: string } | { n: 3; codes: string[] };

function PasswordStep(props: { onDone: (password: string) => void }): JSX.Element {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const action = useAction();
  const strength = passwordStrength(password);
  const submit = action.run(async () => {
    if (password !== repeat) throw new Refusal('onboard.mismatch');
    try {
      await api.setPassword(password);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'PASSWORD.ALREADY_SET') return props.onDone('');
      if (error instanceof ApiError && error.status === 403) throw new Refusal('onboard.tooLate');
      throw error;
    }
    props.onDone(password);
  });
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('onboard.passwordTitle')}</h2>
      <Field label={t('onboard.password')} type="password" autocomplete="new-password" value={password} onInput={(v) => { setPassword(v); action.setError(''); }} hint={t('onboard.passwordHint')} name="new-password" />
      <div class="meter" aria-hidden="true">
        <span class={`meter-bar meter-${strength}`} />
      </div>
      <p class="hint" role="status">
        {password ? t('onboard.strength', { level: t(`onboard.strength.${strength}` as const) }) : ''}
      </p>
      <Field label={t('onboard.passwordRepeat')} type="password" autocomplete="new-password" value={repeat} onInput={(v) => { setRepeat(v); action.setError(''); }} name="repeat-password" />
      <button type="submit" disabled={action.busy}>
        {t('onboard.savePassword')}
      </button>
      <Status message={action.error} kind="error" testId="password-error" />
    </form>
  );
}

function TotpStep(props: { password: string; onDone: (codes: string[]) => void }): JSX.Element {
  const [password, setPassword] = useState(props.password);
  const [enrolment, setEnrolment] = useState<TotpEnrolmentView | undefined>();
  const [code, setCode] = useState('');
  const action = useAction();
  const start = action.run(async () => setEnrolment(await api.startTotp(password)));
  useEffect(() => {
    if (props.password) start();
    // Once, with the password the first step just set.
  }, []);
  const confirm = action.run(async () => {
    try {
      props.onDone((await api.confirmTotp(code.replace(/\s+/g, ''))).recoveryCodes);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) throw new Refusal('onboard.codeWrong');
      throw error;
    }
  });
  if (!enrolment) {
    return (
      <form class="card" onSubmit={start}>
        <h2>{t('onboard.totpTitle')}</h2>
        <Field label={t('onboard.passwordAgain')} type="password" autocomplete="current-password" value={password} onInput={setPassword} name="password" />
        <button type="submit" disabled={action.busy}>
          {t('onboard.startTotp')}
        </button>
        <Status message={action.busy ? t('app.loading') : action.error} kind={action.error ? 'error' : 'info'} />
      </form>
    );
  }
  return (
    <form class="card" onSubmit={confirm}>
      <h2>{t('onboard.totpTitle')}</h2>
      <p>{t('onboard.totpIntro')}</p>
      <img class="qr" src={enrolment.qrCode} alt={t('onboard.qrAlt')} width={200} height={200} />
      <p>
        {t('onboard.secret')}: <code data-testid="totp-secret">{enrolment.secret}</code> <CopyButton text={enrolment.secret} />
      </p>
      <Field label={t('onboard.code')} value={code} onInput={setCode} inputMode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" name="totp" />
      <button type="submit" disabled={action.busy}>
        {t('onboard.confirmCode')}
      </button>
      <Status message={action.error} kind="error" />
    </form>
  );
}

function RecoveryStep(props: { codes: string[] }): JSX.Element {
  const text = `${props.codes.join('\n')}\n`;
  const [href] = useState(() => URL.createObjectURL(new Blob([text], { type: 'text/plain' })));
  return (
    <div class="card">
      <h2>{t('onboard.recoveryTitle')}</h2>
      <p>{t('onboard.recoveryIntro')}</p>
      <ul class="codes" data-testid="recovery-codes">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p class="actions">
        <CopyButton text={text} label={t('onboard.copyAll')} />
        <a class="button secondary" href={href} download="webinar-recovery-codes.txt">
          {t('onboard.download')}
        </a>
      </p>
      <button type="button" onClick={() => navigate('/sign-in', { replace: true })}>
        {t('onboard.done')}
      </button>
    </div>
  );
}

export function Onboarding(): JSX.Element {
  const [step, setStep] = useState<Step | undefined>();
  useEffect(() => {
    api.credentials().then(
      (c) => setStep(c.passwordSet ? { n: 2, password: '' } : { n: 1 }),
      () => navigate('/sign-in', { replace: true }),
    );
  }, []);
  return (
    <Page title={t('onboard.title')}>
      <p>{t('onboard.intro')}</p>
      {step ? <p class="step">{t('onboard.step', { n: step.n })}</p> : <Status message={t('app.loading')} />}
      {step?.n === 1 ? <PasswordStep onDone={(password) => setStep({ n: 2, password })} /> : null}
      {step?.n === 2 ? <TotpStep password={step.password} onDone={(codes) => setStep({ n: 3, codes })} /> : null}
      {step?.n === 3 ? <RecoveryStep codes={step.codes} /> : null}
    </Page>
  );
}
