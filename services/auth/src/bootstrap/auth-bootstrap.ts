// First start: when no root account has ever signed in, (re)create the root account and issue a
// one-time login link for it. The composition root takes the link once (the standalone prints it in
// its banner); with `rootLinkFile` it is also written to a 0600 file, and only that fact is logged.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import { writeFile } from 'node:fs/promises';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.options';
import { LinksService } from '../links/links.service';
import { asAuthSystem } from '../system-tx';
import { UsersService } from '../users/users.service';
import { UsersStore } from '../users/users-store';

@Injectable()
export class AuthBootstrap implements OnApplicationBootstrap {
  private rootLoginLink: string | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly users: UsersService,
    private readonly accounts: UsersStore,
    private readonly links: LinksService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const issued = await asAuthSystem(this.database, 'root-bootstrap', async (manager) => {
      // Two processes starting together must not create two roots.
      await this.accounts.lockRootCreation(manager);
      const roots = await this.accounts.findRoots(manager);
      if (roots.some((r) => r.status === 'active')) return undefined;
      // A root that never signed in gets a fresh link at each start (the previous one may have expired).
      const root =
        roots.find((r) => r.status === 'invited') ??
        (await this.users.create(manager, { email: this.settings.rootEmail, companyId: null, role: 'root', status: 'invited' }));
      return { root, link: await this.links.issue(manager, root, 'login') };
    });
    if (!issued) return;
    this.rootLoginLink = issued.link.url;
    this.logger.info({ userId: issued.root.id, expiresAt: issued.link.expiresAt.toISOString() }, 'root login link issued');
    if (this.settings.rootLinkFile) {
      await writeFile(this.settings.rootLinkFile, `${issued.link.url}\n`, { mode: 0o600 });
      this.logger.info({ file: this.settings.rootLinkFile }, 'the one-time root login link was written to a file (mode 0600)');
    }
  }

  /** The root login link issued at this start, once; undefined when none was issued or it was taken. */
  takeRootLoginLink(): string | undefined {
    const link = this.rootLoginLink;
    this.rootLoginLink = undefined;
    return link;
  }
}
