// The web tier in one process: auth, cms and polls modules side by side, as in production, but
// sharing one process, one embedded database (one schema and role each) and the in-process bus.
import { type DynamicModule, Module } from '@nestjs/common';
import { AUTH_AUDIENCE, AuthModule, type AuthSettings } from '@webinar/auth';
import { CMS_AUDIENCE, CmsModule, type CmsSettings } from '@webinar/cms';
import { ACCESS_TOKEN_ISSUER, PlatformModule, type PlatformDeps, revocationFeedProvider } from '@webinar/http';
import { HealthModule } from '@webinar/observability';
import { POLLS_PREFIX, PollsModule } from '@webinar/polls';
import { type InternalCredential, type KeySet, SecurityModule, type RevocationSet } from '@webinar/security';

export interface WebTierOptions {
  platform: PlatformDeps;
  dataDir: string;
  databaseUrl?: string;
  accessKeys: KeySet;
  revocations: RevocationSet;
  /** Signs the media tier's calls to /cms/internal/… and /auth/internal/… (generated under DATA_DIR). */
  internalCredential?: InternalCredential;
  /** auth's settings: `authSettings()` over this process's configuration. */
  authSettings: AuthSettings;
  /** cms's settings: `cmsSettings()` over this process's configuration. */
  cmsSettings: CmsSettings;
}

@Module({})
export class WebRootModule {
  static register(opts: WebTierOptions): DynamicModule {
    const db = { dataDir: opts.dataDir, ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) };
    return {
      module: WebRootModule,
      imports: [
        PlatformModule.forRoot(opts.platform),
        HealthModule.forRoot(),
        // One process serves three services here; each verifies only its own audience in production.
        SecurityModule.forRoot({
          issuer: ACCESS_TOKEN_ISSUER,
          audience: [AUTH_AUDIENCE, CMS_AUDIENCE, POLLS_PREFIX],
          keys: opts.accessKeys,
          revocations: opts.revocations,
        }),
        AuthModule.register({
          ...db,
          accessKeys: opts.accessKeys,
          settings: opts.authSettings,
          ...(opts.internalCredential ? { internalCredential: opts.internalCredential } : {}),
        }),
        CmsModule.register({
          ...db,
          settings: opts.cmsSettings,
          ...(opts.internalCredential ? { internalCredential: opts.internalCredential } : {}),
        }),
        PollsModule.register(db),
      ],
      // One revocation set for the whole process (the media app shares it), fed once from the bus.
      providers: [...revocationFeedProvider('standalone')],
    };
  }
}
