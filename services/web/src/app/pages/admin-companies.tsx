// Root's companies page: create a company, invite its first admin, and (while elevated) list them.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { isElevated } from '../api/http';
import { api } from '../api/endpoints';
import type { CompanyView } from '../api/types';
import { t } from '../i18n/i18n';
import { errorText, Field, type Msg, msg, say, Select, Status, useAction } from '../ui/ui';
import { inviteWhenKnown } from './invite';

export function Companies(): JSX.Element {
  const [companies, setCompanies] = useState<CompanyView[]>([]);
  const [listProblem, setListProblem] = useState<Msg>(undefined);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<Msg>(undefined);
  const create = useAction();
  const [companyId, setCompanyId] = useState('');
  const [email, setEmail] = useState('');
  const [invited, setInvited] = useState<Msg>(undefined);
  const invite = useAction();

  useEffect(() => {
    // Reading company data needs a running elevation: asked first, rather than collecting a 403.
    isElevated()
      .then(async (elevated) => {
        if (!elevated) return setListProblem(msg('admin.companyListNeedsElevation'));
        setCompanies(await api.companies());
      })
      .catch((error: unknown) => setListProblem(errorText(error)));
  }, []);

  return (
    <div class="columns">
      <div>
        <form class="card" onSubmit={create.run(async () => {
          setCreated(undefined);
          const company = await api.createCompany(name.trim());
          setCompanies((list) => [company, ...list.filter((c) => c.id !== company.id)]);
          setCompanyId(company.id);
          setCreated(msg('admin.companyCreated', { name: company.name }));
          setName('');
        })}>
          <h2>{t('admin.createCompany')}</h2>
          <Field label={t('admin.companyName')} value={name} onInput={setName} maxLength={200} name="company-name" />
          <button type="submit" disabled={create.busy}>
            {t('admin.createCompany')}
          </button>
          <Status message={create.error || say(created)} kind={create.error ? 'error' : 'ok'} testId="company-status" />
        </form>
        <form class="card" onSubmit={invite.run(async () => {
          setInvited(undefined);
          await inviteWhenKnown({ email: email.trim(), companyId, role: 'admin' }, () => setInvited(msg('admin.inviteRetry')));
          setInvited(msg('admin.invited', { email: email.trim() }));
          setEmail('');
        })}>
          <h2>{t('admin.inviteAdmin')}</h2>
          <Select
            label={t('admin.companyId')}
            value={companyId}
            onChange={setCompanyId}
            options={[['', '—'], ...companies.map((c): [string, string] => [c.id, c.name])]}
          />
          <Field label={t('admin.email')} type="email" value={email} onInput={setEmail} autocomplete="off" name="admin-email" />
          <button type="submit" disabled={invite.busy || !companyId}>
            {t('admin.invite')}
          </button>
          <Status message={invite.error || say(invited)} kind={invite.error ? 'error' : 'ok'} testId="invite-status" />
        </form>
      </div>
      <div class="card">
        <h2>{t('admin.companyList')}</h2>
        {listProblem ? (
          <p>
            {say(listProblem)} <a href="/admin/elevation">{t('admin.elevation')}</a>
          </p>
        ) : null}
        <ul>
          {companies.map((c) => (
            <li key={c.id}>{c.name}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
