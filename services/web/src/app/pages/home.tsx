// Home after any sign-in: the person's seminars (registered, open for registration, presenting) with
// register / join / presenter buttons, and, for those whose role needs it, the prompt to secure the
// account or to sign in with password + code before they need the console.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { CredentialsView, PersonData, SeminarView, WhoAmI } from '../api/types';
import { formatDateTime, hasMessage, t, useLanguage } from '../i18n/i18n';
import { isPrivileged } from '../session';
import { errorText, Page, Status, useAction } from '../ui/ui';

function SecurityPrompt(props: { who: WhoAmI; credentials: CredentialsView | undefined; presenter: boolean }): JSX.Element | null {
  const { who, credentials } = props;
  if (who.session.mfa) {
    return isPrivileged(who) ? (
      <p>
        <a class="button" href="/admin">
          {t('home.console')}
        </a>
      </p>
    ) : null;
  }
  if (!credentials || (!credentials.enrolmentExpected && !props.presenter)) return null;
  if (!credentials.passwordLoginReady) {
    return (
      <div class="card notice">
        <h2>{t('home.enrolTitle')}</h2>
        <p>{t('home.enrolText')}</p>
        <a class="button" href="/onboarding">
          {t('home.enrolStart')}
        </a>
      </div>
    );
  }
  return (
    <div class="card notice">
      <p>{t('home.mfaText')}</p>
      <a class="button" href="/sign-in">
        {t('home.mfaStart')}
      </a>
    </div>
  );
}

function SeminarCard(props: { seminar: SeminarView; registered: boolean; presenting: boolean; canRegister: boolean; onRegistered: () => void }): JSX.Element {
  const { seminar } = props;
  const action = useAction();
  const open = seminar.state === 'scheduled' || seminar.state === 'live';
  return (
    <li class="card seminar">
      <h2>{seminar.title}</h2>
      <p>
        <span class={`badge state-${seminar.state}`}>{t(`state.${seminar.state}`)}</span>{' '}
        {props.presenting ? <span class="badge">{t('home.granted')}</span> : null}{' '}
        {props.registered ? <span class="badge">{t('home.registered')}</span> : open ? <span class="badge">{t('home.invited')}</span> : null}
      </p>
      <p>{t('home.starts', { when: formatDateTime(seminar.startsAt) })}</p>
      <p class="actions">
        {props.registered || props.presenting ? (
          <a class="button" href={`/s/${seminar.id}`}>
            {t('home.open')}
          </a>
        ) : null}
        {!props.registered && props.canRegister && open ? (
          <button type="button" disabled={action.busy} onClick={action.run(async () => {
            await api.register(seminar.id);
            props.onRegistered();
          })}>
            {t('home.register')}
          </button>
        ) : null}
        {props.presenting ? (
          <a class="button secondary" href={`/present/${seminar.id}`}>
            {t('home.present')}
          </a>
        ) : null}
      </p>
      <Status message={action.error} kind="error" />
    </li>
  );
}

function roleLabel(role: string): string {
  const key = `role.${role}`;
  return hasMessage(key) ? t(key) : role;
}

export function Home(props: { who: WhoAmI }): JSX.Element {
  useLanguage();
  const { who } = props;
  const [seminars, setSeminars] = useState<SeminarView[] | undefined>();
  const [me, setMe] = useState<PersonData | undefined>();
  const [credentials, setCredentials] = useState<CredentialsView | undefined>();
  const [problem, setProblem] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    api.credentials().then(setCredentials, () => undefined);
    // Root has no seminars; an admin's link session may not list them (mfa): the prompt says why.
    if (who.user.role === 'root' || (isPrivileged(who) && !who.session.mfa)) return setSeminars([]);
    api.seminars().then(setSeminars, (error: unknown) => {
      setSeminars([]);
      // A link session of an admin is refused (mfa): the prompt above says what to do.
      if (!isPrivileged(who)) setProblem(errorText(error));
    });
    if (!isPrivileged(who)) api.me().then(setMe, () => undefined);
  }, [version]);
  const registered = new Set((me?.registrations ?? []).filter((r) => !r.cancelledAt).map((r) => r.seminarId));
  const presenting = new Set((me?.grants ?? []).map((g) => g.seminarId));
  const attendee = who.user.role === 'prospect' || who.user.role === 'customer';
  return (
    <Page title={t('home.title')}>
      <p>{t('home.greeting', { role: roleLabel(who.user.role) })}</p>
      <SecurityPrompt who={who} credentials={credentials} presenter={presenting.size > 0} />
      {seminars === undefined ? <Status message={t('app.loading')} /> : null}
      {problem ? <Status message={problem} kind="error" /> : null}
      {seminars && seminars.length === 0 && who.user.role !== 'root' ? <p>{t('home.empty')}</p> : null}
      <ul class="cards">
        {(seminars ?? []).map((seminar) => (
          <SeminarCard
            key={seminar.id}
            seminar={seminar}
            registered={registered.has(seminar.id)}
            presenting={presenting.has(seminar.id)}
            canRegister={attendee}
            onRegistered={() => setVersion((v) => v + 1)}
          />
        ))}
      </ul>
    </Page>
  );
}
