// "Send me a login link" (ASVS 6.3.8 / 6.4.x enumeration): the caller gets the same answer whether the
// address has an account or not, and the mail is sent after the answer so that the response time
// does not tell either.
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type StructuredLogger } from '@webinar/http';
import { DATABASE, type Database } from '@webinar/persistence';
import { MAILER, type Mailer } from '../mail/mailer';
import { loginLinkMail } from '../mail/messages';
import { asAuthSystem } from '../system-tx';
import { UsersService } from '../users/users.service';
import { LinksService } from './links.service';

@Injectable()
export class LoginRequestsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(LOGGER) private readonly logger: StructuredLogger,
    private readonly users: UsersService,
    private readonly links: LinksService,
  ) {}

  async request(email: string): Promise<void> {
    const issued = await asAuthSystem(this.database, 'login-link', async (manager) => {
      const user = await this.users.findByEmail(manager, email);
      if (!user || user.status === 'disabled') return undefined;
      const link = await this.links.issue(manager, user, 'login');
      return { userId: user.id, linkId: link.linkId, message: loginLinkMail(this.users.emailOf(user), link.url, this.links.ttlOf('login')) };
    });
    if (!issued) return;
    void this.mailer.send(issued.message).then(
      () => this.logger.info({ userId: issued.userId, linkId: issued.linkId }, 'login link sent'),
      (error: unknown) => this.logger.warn({ userId: issued.userId, linkId: issued.linkId, err: error }, 'login link mail failed'),
    );
  }
}
