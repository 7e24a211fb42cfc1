// The standalone's media tier (RTMPS ingest, HLS packaging, playback edge) as one Nest app, run in
// its own process (media-child.ts) so that a fault there never stops the web tier.
import { type DynamicModule, Module } from '@nestjs/common';
import { ACCESS_TOKEN_ISSUER, PlatformModule, type PlatformDeps, revocationFeedProvider } from '@webinar/http';
import { HealthModule } from '@webinar/observability';
import { type InternalCredential, type KeySet, RevocationSet, SecurityModule } from '@webinar/security';
import { HttpMediaAuthority, STREAM_AUDIENCE, StreamModule, type TlsMaterial } from '@webinar/stream';

export interface MediaTierOptions {
  platform: PlatformDeps;
  dataDir: string;
  accessKeys: KeySet;
  tls: TlsMaterial;
  internalCredential: InternalCredential;
  host: string;
  rtmpsPort: number;
  /** A presenter's reconnect grace window, also after a restart of this process (ADR-9). */
  reconnectGraceMs: number;
  /** https://<PUBLIC_HOST>:<PORT>: the only origin CORS lets read media. */
  webOrigin: string;
  /** Where this process reaches the web tier's cms and auth (loopback). */
  webLoopbackUrl: string;
}

@Module({})
export class MediaRootModule {
  static register(opts: MediaTierOptions): DynamicModule {
    return {
      module: MediaRootModule,
      imports: [
        PlatformModule.forRoot(opts.platform),
        HealthModule.forRoot(),
        // Deny by default on the media host too; playback tokens get their own key set with the edge.
        SecurityModule.forRoot({ issuer: ACCESS_TOKEN_ISSUER, audience: STREAM_AUDIENCE, keys: opts.accessKeys, revocations: new RevocationSet() }),
        // Stream keys and playback tokens are verified with <dataDir>/keys/media.json (cms signs with it).
        StreamModule.register({
          dataDir: opts.dataDir,
          tls: opts.tls,
          ingest: { host: opts.host, rtmpsPort: opts.rtmpsPort, reconnectGraceMs: opts.reconnectGraceMs },
          webOrigin: opts.webOrigin,
          // Publish authorisation and the revocation snapshot over loopback HTTPS, as in the
          // microservices shape, signed with the secret generated once under DATA_DIR.
          authority: new HttpMediaAuthority({
            credential: opts.internalCredential,
            caller: 'stream.standalone',
            cmsUrl: opts.webLoopbackUrl,
            authUrl: opts.webLoopbackUrl,
            // The web app's own certificate, pinned; its host name is PUBLIC_HOST, not the loopback address.
            ca: opts.tls.cert,
            skipHostnameCheck: true,
          }),
        }),
      ],
      // This process's own revocation set, fed from the bus like every service's.
      providers: [...revocationFeedProvider('standalone-media')],
    };
  }
}
