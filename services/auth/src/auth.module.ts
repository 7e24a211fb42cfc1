import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { databaseReadinessProvider, messageConsumersProvider, outboxRelayProvider } from '@webinar/http';
import { PersistenceModule, type DatabaseOptions } from '@webinar/persistence';
import { INTERNAL_CREDENTIAL } from '@webinar/security';
import { AUTH_SCHEMA } from './auth.constants';
import { AUTH_SETTINGS, type AuthModuleOptions } from './auth.options';
import { AuthBootstrap } from './bootstrap/auth-bootstrap';
import { CampaignAnswersService } from './campaigns/campaign-answers.service';
import { CampaignPageController } from './campaigns/campaign-page.controller';
import { CampaignPublicController } from './campaigns/campaign-public.controller';
import { CampaignSignup } from './campaigns/campaign-signup.entity';
import { CampaignSignupsService } from './campaigns/campaign-signups.service';
import { CampaignSignupsStore } from './campaigns/campaign-signups-store';
import { Campaign } from './campaigns/campaign.entity';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignsService } from './campaigns/campaigns.service';
import { CampaignsStore } from './campaigns/campaigns-store';
import { CompanyCreatedConsumer } from './companies/company-created.consumer';
import { KnownCompaniesStore } from './companies/known-companies-store';
import { Credential } from './credentials/credential.entity';
import { CredentialsController } from './credentials/credentials.controller';
import { CredentialsService } from './credentials/credentials.service';
import { CredentialsStore } from './credentials/credentials-store';
import { LoginBackoff } from './credentials/login-backoff.entity';
import { LoginBackoffs } from './credentials/login-backoff';
import { PasswordLoginController } from './credentials/password-login.controller';
import { PasswordLoginService } from './credentials/password-login.service';
import { RecoveryCode } from './credentials/recovery-code.entity';
import { TotpSecretCipher } from './credentials/totp-secret-cipher';
import { KnownCompany } from './companies/known-company.entity';
import { breakGlassProvider } from './elevation/break-glass';
import { BreakGlassService } from './elevation/break-glass.service';
import { AuthElevatedRequestAudit } from './elevation/elevated-request-audit.interceptor';
import { ElevationSweeper } from './elevation/elevation-sweeper';
import { Elevation } from './elevation/elevation.entity';
import { ElevationsController } from './elevation/elevations.controller';
import { ElevationsService } from './elevation/elevations.service';
import { ElevationsStore } from './elevation/elevations-store';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsService } from './invitations/invitations.service';
import { ACCESS_KEYS } from './keys/access-keys';
import { authKeysProvider } from './keys/auth-keys';
import { JwksController } from './keys/jwks.controller';
import { LinksController } from './links/links.controller';
import { LinksService } from './links/links.service';
import { LinksStore } from './links/links-store';
import { LoginLink } from './links/login-link.entity';
import { LoginRequestsService } from './links/login-requests.service';
import { MailboxController } from './mail/mailbox.controller';
import { MAILER, type Mailer } from './mail/mailer';
import { mailerProvider } from './mail/mailer.provider';
import { authMigrations } from './migrations';
import { AuthPrivacyConsumer } from './privacy/privacy.consumer';
import { RegistrationCreatedConsumer } from './roles/registration-created.consumer';
import { AuthRateLimits } from './rate-limit/auth-rate-limits';
import { RateLimitStore } from './rate-limit/rate-limit-store';
import { RateLimitWindow } from './rate-limit/rate-limit-window.entity';
import { SameOriginGuard, SessionGuard } from './sessions/session-auth';
import { Session } from './sessions/session.entity';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { SessionsStore } from './sessions/sessions-store';
import { TokenController } from './tokens/token.controller';
import { EmailProtector } from './users/email-protector';
import { UserAdminService } from './accounts/user-admin.service';
import { User } from './users/user.entity';
import { UsersController } from './accounts/users.controller';
import { UsersService } from './users/users.service';
import { UsersStore } from './users/users-store';
import { LinkPageController } from './web/link-page.controller';
import { InternalRevocationsController } from './internal/internal-revocations.controller';

export type { AuthModuleOptions } from './auth.options';

export function authDatabase(opts: Pick<AuthModuleOptions, 'databaseUrl' | 'dataDir'>): DatabaseOptions {
  return {
    service: 'auth',
    schema: AUTH_SCHEMA,
    entities: [KnownCompany, User, LoginLink, Session, Credential, RecoveryCode, LoginBackoff, RateLimitWindow, Elevation, Campaign, CampaignSignup],
    migrations: authMigrations,
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  };
}

class MailerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}

/** Identity: accounts, invitations, login links, sessions, access tokens, key sets (JWKS). */
@Module({})
export class AuthModule {
  static register(opts: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: [PersistenceModule.forService(authDatabase(opts))],
      controllers: [
        JwksController,
        LinkPageController,
        LinksController,
        SessionsController,
        TokenController,
        InvitationsController,
        UsersController,
        MailboxController,
        ElevationsController,
        CampaignsController,
        CampaignPublicController,
        CampaignPageController,
        CredentialsController,
        PasswordLoginController,
        InternalRevocationsController,
      ],
      providers: [
        // The stores: the only code that queries auth's tables.
        UsersStore,
        SessionsStore,
        LinksStore,
        CredentialsStore,
        ElevationsStore,
        CampaignsStore,
        CampaignSignupsStore,
        KnownCompaniesStore,
        { provide: ACCESS_KEYS, useValue: opts.accessKeys },
        // The media tier's internal route accepts only requests signed with it; absent, none.
        { provide: INTERNAL_CREDENTIAL, useValue: opts.internalCredential ?? null },
        { provide: AUTH_SETTINGS, useValue: opts.settings },
        authKeysProvider,
        mailerProvider,
        MailerLifecycle,
        EmailProtector,
        UsersService,
        UserAdminService,
        SessionsService,
        LinksService,
        LoginRequestsService,
        InvitationsService,
        CredentialsService,
        PasswordLoginService,
        LoginBackoffs,
        TotpSecretCipher,
        AuthRateLimits,
        RateLimitStore,
        SameOriginGuard,
        SessionGuard,
        AuthBootstrap,
        CompanyCreatedConsumer,
        RegistrationCreatedConsumer,
        AuthPrivacyConsumer,
        breakGlassProvider,
        ElevationsService,
        BreakGlassService,
        ElevationSweeper,
        // Global so that it also sees requests refused by validation; it acts on /auth/ routes only.
        { provide: APP_INTERCEPTOR, useClass: AuthElevatedRequestAudit },
        CampaignsService,
        CampaignAnswersService,
        CampaignSignupsService,
        outboxRelayProvider(AUTH_SCHEMA),
        ...messageConsumersProvider(AUTH_SCHEMA),
        databaseReadinessProvider('auth'),
      ],
      exports: [AuthBootstrap],
    };
  }
}
