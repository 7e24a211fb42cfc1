// The presenter's view: the stream key with the OBS settings (docs/obs.md) and copy buttons, and key
// rotation (issuing a new key refuses the old one). A stream key needs an mfa session: a presenter
// signed in by link is sent to enrol / sign in with password first.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/http';
import { api } from '../api/endpoints';
import type { SeminarView, StreamKeyView } from '../api/types';
import { t, useLanguage } from '../i18n/i18n';
import { CopyButton, Page, Status, useAction } from '../ui/ui';

export function Presenter(props: { seminarId: string }): JSX.Element {
  useLanguage();
  const [seminar, setSeminar] = useState<SeminarView | undefined>();
  const [key, setKey] = useState<StreamKeyView | undefined>();
  const [rotated, setRotated] = useState(false);
  const [mfaNeeded, setMfaNeeded] = useState(false);
  const action = useAction();
  useEffect(() => {
    api.seminar(props.seminarId).then(setSeminar, (error: unknown) => action.setError(error));
  }, [props.seminarId]);
  const issue = (rotation: boolean) =>
    action.run(async () => {
      try {
        setKey(await api.streamKey(props.seminarId));
        setRotated(rotation);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'AUTH.MFA_REQUIRED') setMfaNeeded(true);
        throw error;
      }
    });
  return (
    <Page title={t('presenter.title', { title: seminar?.title ?? '…' })}>
      <p>{t('presenter.intro')}</p>
      <dl class="settings">
        <dt>{t('presenter.server')}</dt>
        <dd>
          {key ? (
            <>
              <code data-testid="obs-server">{key.server}</code> <CopyButton text={key.server} />
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('presenter.key')}</dt>
        <dd>
          {key ? (
            <>
              <code class="secret" data-testid="obs-key">{key.streamKey}</code> <CopyButton text={key.streamKey} />
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      <ul>
        <li>{t('presenter.keyframe')}</li>
        <li>{t('presenter.encoder')}</li>
      </ul>
      <p class="hint">{t('presenter.shownOnce')}</p>
      <p class="actions">
        {key ? (
          <button type="button" class="secondary" disabled={action.busy} onClick={issue(true)}>
            {t('presenter.rotate')}
          </button>
        ) : (
          <button type="button" disabled={action.busy} onClick={issue(false)}>
            {t('presenter.getKey')}
          </button>
        )}
        <a class="button secondary" href={`/s/${props.seminarId}`}>
          {t('presenter.room')}
        </a>
      </p>
      <Status message={action.error || (rotated ? t('presenter.rotated') : '')} kind={action.error ? 'error' : 'ok'} testId="presenter-status" />
      {mfaNeeded ? (
        <p>
          <a href="/onboarding">{t('home.enrolStart')}</a> · <a href="/sign-in">{t('home.mfaStart')}</a>
        </p>
      ) : null}
    </Page>
  );
}
