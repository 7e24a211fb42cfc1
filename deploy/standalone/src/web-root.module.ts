// The web tier in one process: auth, cms and polls modules side by side, as in production, but
// sharing one process, one embedded database (one schema and role each) and the in-process bus.
import { type DynamicModule, Module } from '@nestjs/common';
import { AUTH_AUDIENCE, AuthModule } from '@webinar/auth';
import { CMS_AUDIENCE, CmsModule } from '@webinar/cms';
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
  /** The RTMPS ingest OBS publishes to, shown with each stream key (`rtmps://<host>:<port>/live`). */
  mediaRtmpsUrl?: string;
  /** The media edge's origin players are told to use with each playback token. */
  mediaEdgeUrl?: string;
  /** Playback token lifetime (10–300 s; cms's default 300). */
  playbackTokenTtlSeconds?: number;
  /** https://<PUBLIC_HOST>:<PORT>: where login links point, and the only Origin auth accepts on POSTs. */
  publicUrl?: string;
  rootEmail?: string;
  /** Without it, auth writes mails to <dataDir>/mailbox/ (GET /auth/mailbox only summarises them, for an elevated root). */
  smtpUrl?: string;
  /** The operator's break-glass secret file (root elevation without a second root); unset = disabled. */
  breakGlassSecretFile?: string;
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
          ...(opts.internalCredential ? { internalCredential: opts.internalCredential } : {}),
          ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
          ...(opts.rootEmail ? { rootEmail: opts.rootEmail } : {}),
          ...(opts.smtpUrl ? { smtpUrl: opts.smtpUrl } : {}),
          ...(opts.breakGlassSecretFile ? { breakGlassSecretFile: opts.breakGlassSecretFile } : {}),
        }),
        CmsModule.register({
          ...db,
          ...(opts.internalCredential ? { internalCredential: opts.internalCredential } : {}),
          ...(opts.mediaRtmpsUrl ? { mediaRtmpsUrl: opts.mediaRtmpsUrl } : {}),
          ...(opts.mediaEdgeUrl ? { mediaEdgeUrl: opts.mediaEdgeUrl } : {}),
          ...(opts.playbackTokenTtlSeconds !== undefined ? { playbackTokenTtlSeconds: opts.playbackTokenTtlSeconds } : {}),
        }),
        PollsModule.register(db),
      ],
      // One revocation set for the whole process (the media app shares it), fed once from the bus.
      providers: [...revocationFeedProvider('standalone')],
    };
  }
}
