// The company admin's seminars: create and schedule one (wall-clock time in a chosen zone), the
// list, single invitations of attendees, and presenter/moderator grants.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { GrantView, SeminarView } from '../api/types';
import { formatDateTime, t, useLanguage } from '../i18n/i18n';
import { errorText, Field, type Msg, msg, Refusal, say, Select, Status, useAction } from '../ui/ui';
import { inviteWhenKnown } from './invite';
import { timeZones, zonedToIso } from './zoned-time';

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

function CreateSeminar(props: { onCreated: (s: SeminarView) => void }): JSX.Element {
  const zones = timeZones();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [date, setDate] = useState(tomorrow());
  const [time, setTime] = useState('10:00');
  const [minutes, setMinutes] = useState('60');
  const [zone, setZone] = useState(zones.here);
  const [capacity, setCapacity] = useState('100');
  const [done, setDone] = useState<Msg>(undefined);
  const action = useAction();
  const submit = action.run(async () => {
    setDone(undefined);
    const startsAt = zonedToIso(date, time, zone);
    const endsAt = new Date(Date.parse(startsAt) + Number(minutes) * 60_000).toISOString();
    const seminar = await api.createSeminar({ title: title.trim(), description, startsAt, endsAt, timeZone: zone, capacity: Number(capacity) });
    const scheduled = await api.transition(seminar.id, 'scheduled');
    props.onCreated(scheduled);
    setDone(msg('admin.seminarCreated', { title: scheduled.title }));
    setTitle('');
    setDescription('');
  });
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('admin.createSeminar')}</h2>
      <Field label={t('admin.seminarTitle')} value={title} onInput={setTitle} maxLength={200} name="title" />
      <DescriptionField value={description} onInput={setDescription} />
      <div class="row">
        <Field label={t('admin.startsAt')} type="date" value={date} onInput={setDate} name="date" />
        <Field label={t('admin.startTime')} type="time" value={time} onInput={setTime} name="time" />
      </div>
      <Select label={t('admin.timeZone')} value={zone} onChange={setZone} options={zones.all.map((z): [string, string] => [z, z.replace(/_/g, ' ')])} />
      <div class="row">
        <Field label={t('admin.duration')} type="number" value={minutes} onInput={setMinutes} name="minutes" />
        <Field label={t('admin.capacity')} type="number" value={capacity} onInput={setCapacity} name="capacity" />
      </div>
      <button type="submit" disabled={action.busy}>
        {t('admin.createSeminar')}
      </button>
      <Status message={action.error || say(done)} kind={action.error ? 'error' : 'ok'} testId="seminar-status" />
    </form>
  );
}

function DescriptionField(props: { value: string; onInput: (v: string) => void }): JSX.Element {
  return (
    <div class="field">
      <label for="seminar-description">{t('admin.seminarDescription')}</label>
      <textarea id="seminar-description" rows={3} maxLength={5000} value={props.value} onInput={(e) => props.onInput(e.currentTarget.value)} />
    </div>
  );
}

function InviteAttendee(): JSX.Element {
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<Msg>(undefined);
  const action = useAction();
  return (
    <form class="card" onSubmit={action.run(async () => {
      setDone(undefined);
      await inviteWhenKnown({ email: email.trim() });
      setDone(msg('admin.invited', { email: email.trim() }));
      setEmail('');
    })}>
      <h2>{t('admin.invitations')}</h2>
      <Field label={t('admin.email')} type="email" value={email} onInput={setEmail} autocomplete="off" name="attendee-email" />
      <button type="submit" disabled={action.busy}>
        {t('admin.invite')}
      </button>
      <Status message={action.error || say(done)} kind={action.error ? 'error' : 'ok'} testId="attendee-invite-status" />
    </form>
  );
}

/** The person's user id: invited now (a new account) or, when already a member, looked up by profile. */
async function personFor(email: string): Promise<string> {
  const invited = await inviteWhenKnown({ email });
  if (invited) return invited;
  // GET /cms/people answers a list (exact e-mail match, possibly none), never a 404 for no match.
  const found = await api.people(email);
  const person = found[0];
  if (!person) throw new Refusal('admin.personUnknown');
  return person.userId;
}

function Grants(props: { seminars: SeminarView[] }): JSX.Element {
  const [seminarId, setSeminarId] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<GrantView['role']>('presenter');
  const [grants, setGrants] = useState<GrantView[]>([]);
  const [done, setDone] = useState<Msg>(undefined);
  const action = useAction();
  const chosen = seminarId || props.seminars[0]?.id || '';
  useEffect(() => {
    if (chosen) api.grants(chosen).then(setGrants, () => setGrants([]));
  }, [chosen]);
  return (
    <form class="card" onSubmit={action.run(async () => {
      setDone(undefined);
      const userId = await personFor(email.trim());
      await api.grant(chosen, role, userId);
      setGrants(await api.grants(chosen));
      setDone(msg('admin.granted', { role: t(`admin.grant.${role}`) }));
      setEmail('');
    })}>
      <h2>{t('admin.grants')}</h2>
      <Select label={t('admin.grantFor')} value={chosen} onChange={setSeminarId} options={props.seminars.map((s): [string, string] => [s.id, s.title])} />
      <Field label={t('admin.grantEmail')} type="email" value={email} onInput={setEmail} autocomplete="off" name="grant-email" />
      <Select
        label={t('admin.grantRole')}
        value={role}
        onChange={(v) => setRole(v === 'moderator' ? 'moderator' : 'presenter')}
        options={[
          ['presenter', t('admin.grant.presenter')],
          ['moderator', t('admin.grant.moderator')],
        ]}
      />
      <button type="submit" disabled={action.busy || !chosen}>
        {t('admin.grantSubmit')}
      </button>
      <Status message={action.error || say(done)} kind={action.error ? 'error' : 'ok'} testId="grant-status" />
      <h3>{t('admin.grantList')}</h3>
      {grants.length === 0 ? <p>{t('admin.noGrants')}</p> : null}
      <ul>
        {grants.map((g) => (
          <li key={`${g.role}-${g.userId}`}>
            {t(`admin.grant.${g.role}`)}: <code>{g.userId}</code>
          </li>
        ))}
      </ul>
    </form>
  );
}

export function Seminars(): JSX.Element {
  useLanguage();
  const [seminars, setSeminars] = useState<SeminarView[]>([]);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    api.seminars().then(setSeminars, (error: unknown) => setProblem(errorText(error)));
  }, []);
  return (
    <>
      {problem ? <Status message={problem} kind="error" /> : null}
      <div class="columns">
        <CreateSeminar onCreated={(s) => setSeminars((list) => [s, ...list])} />
        <div>
          <InviteAttendee />
          <Grants seminars={seminars} />
        </div>
      </div>
      <div class="card">
        <h2>{t('admin.seminars')}</h2>
        {seminars.length === 0 ? (
          <p>{t('admin.noSeminars')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.col.title')}</th>
                <th scope="col">{t('admin.col.when')}</th>
                <th scope="col">{t('admin.col.state')}</th>
                <th scope="col">{t('admin.col.seats')}</th>
                <th scope="col">{t('admin.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {seminars.map((s) => (
                <tr key={s.id}>
                  <td>{s.title}</td>
                  <td>
                    {formatDateTime(s.startsAt, s.timeZone)} ({s.timeZone})
                  </td>
                  <td>{t(`state.${s.state}`)}</td>
                  <td>
                    {s.registeredCount} / {s.capacity}
                  </td>
                  <td>
                    <a href={`/s/${s.id}`}>{t('home.open')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
