// Root elevation: ask another root for approval, or self-approve with the operator's break-glass
// secret (a single-operator install); the running elevation and past ones are listed.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { ElevationView } from '../api/types';
import { formatDateTime, t } from '../i18n/i18n';
import { Field, type Msg, msg, say, Status, useAction } from '../ui/ui';

export function Elevation(): JSX.Element {
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [secret, setSecret] = useState('');
  const [list, setList] = useState<ElevationView[]>([]);
  const [done, setDone] = useState<Msg>(undefined);
  const action = useAction();
  const reload = () => api.elevations().then(setList, () => undefined);
  useEffect(() => void reload(), []);
  const seconds = () => Math.max(60, Math.round(Number(minutes) * 60));
  const said = (view: ElevationView): Msg =>
    view.status === 'approved' && view.endsAt ? msg('elevation.granted', { when: formatDateTime(view.endsAt) }) : msg('elevation.requested');
  return (
    <div class="columns">
      <form class="card" onSubmit={action.run(async () => {
        setDone(undefined);
        const view = secret ? await api.breakGlass(reason.trim(), seconds(), secret) : await api.requestElevation(reason.trim(), seconds());
        setSecret('');
        setDone(said(view));
        await reload();
      })}>
        <p>{t('elevation.intro')}</p>
        <Field label={t('elevation.reason')} value={reason} onInput={setReason} minLength={10} maxLength={500} name="reason" />
        <Field label={t('elevation.minutes')} type="number" value={minutes} onInput={setMinutes} name="minutes" />
        <Field label={t('elevation.secret')} type="password" value={secret} onInput={setSecret} required={false} autocomplete="off" name="secret" />
        <button type="submit" disabled={action.busy}>
          {secret ? t('elevation.breakGlass') : t('elevation.request')}
        </button>
        <Status message={action.error || say(done)} kind={action.error ? 'error' : 'ok'} testId="elevation-status" />
      </form>
      <div class="card">
        <h2>{t('elevation.list')}</h2>
        {list.length === 0 ? <p>{t('elevation.none')}</p> : null}
        <ul>
          {list.map((e) => (
            <li key={e.id}>
              {e.status} · {e.reason} {e.endsAt ? `· ${formatDateTime(e.endsAt)}` : ''}{' '}
              {e.status === 'approved' || e.status === 'pending' ? (
                <button type="button" class="secondary" onClick={action.run(async () => {
                  await api.endElevation(e.id);
                  await reload();
                })}>
                  {t('elevation.end')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
