// The campaign link's page (/campaign/<id>; auth's /auth/campaign/<id> redirects here): a form that
// asks for a sign-up link. auth answers every address alike, so the page says the same either way.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import { t } from '../i18n/i18n';
import { Field, Page, Status, useAction } from '../ui/ui';

export function Campaign(props: { campaignId: string }): JSX.Element {
  const [email, setEmail] = useState('');
  const [answered, setAnswered] = useState(false);
  const action = useAction();
  return (
    <Page title={t('campaign.title')}>
      <form class="card" onSubmit={action.run(async () => {
        setAnswered(false);
        await api.campaignAnswer(props.campaignId, email.trim());
        setAnswered(true);
      })}>
        <Field label={t('campaign.email')} type="email" autocomplete="email" value={email} onInput={setEmail} maxLength={254} name="email" />
        <button type="submit" disabled={action.busy}>
          {t('campaign.submit')}
        </button>
        <Status message={action.error || (answered ? t('campaign.answered') : '')} kind={action.error ? 'error' : 'ok'} testId="campaign-status" />
      </form>
    </Page>
  );
}
