// The console: tabs by role (root: companies and elevation; admin: seminars, invitations, grants).
// Every tab is a real URL (/admin/<tab>).
import type { JSX } from 'preact';
import type { WhoAmI } from '../api/types';
import { t, useLanguage } from '../i18n/i18n';
import { Page } from '../ui/ui';
import { Companies } from './admin-companies';
import { Elevation } from './admin-elevation';
import { Seminars } from './admin-seminars';

type Tab = 'companies' | 'seminars' | 'elevation';

export function Admin(props: { who: WhoAmI; tab: string | undefined }): JSX.Element {
  useLanguage();
  const root = props.who.user.role === 'root';
  const tabs: Tab[] = root ? ['companies', 'elevation'] : ['seminars'];
  const tab: Tab = tabs.find((candidate) => candidate === props.tab) ?? tabs[0]!;
  const title = { companies: t('admin.companies'), seminars: t('admin.seminars'), elevation: t('admin.elevation') };
  return (
    <Page title={`${t('admin.title')}: ${title[tab]}`} wide>
      <nav aria-label={t('admin.title')} class="tabs">
        {tabs.map((candidate) => (
          <a key={candidate} href={`/admin/${candidate}`} aria-current={candidate === tab ? 'page' : undefined}>
            {title[candidate]}
          </a>
        ))}
      </nav>
      {tab === 'companies' ? <Companies /> : tab === 'elevation' ? <Elevation /> : <Seminars />}
    </Page>
  );
}
