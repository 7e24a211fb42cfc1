// The stream service as its own process: exposed directly (not behind nginx) with its own TLS, in the
// role STREAM_ROLE gives it (docs/media.md: all, ingest or edge).
import { loadOrCreateTlsCertificate, runService } from '@webinar/http';
import { createRemoteKeySet, InternalCredential } from '@webinar/security';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { HttpMediaAuthority } from './authority/media-authority';
import { streamConfigSchema } from './config';
import { StreamModule } from './stream.module';
import { STREAM_SERVICE } from './service';

void runService({
  service: STREAM_SERVICE,
  configSchema: streamConfigSchema,
  setup: async (config) => {
    const tls = await loadOrCreateTlsCertificate({
      dir: join(config.DATA_DIR, 'tls'),
      ...(config.TLS_CERT_FILE ? { certFile: config.TLS_CERT_FILE } : {}),
      ...(config.TLS_KEY_FILE ? { keyFile: config.TLS_KEY_FILE } : {}),
    });
    // Stream keys and playback tokens are signed by cms; its JWKS is fetched once and cached by kid.
    const mediaKeys = createRemoteKeySet(new URL(config.PLAYBACK_JWKS_URL));
    // Read once at start; the secret is never logged nor sent (edges send an HMAC made with it).
    const credential = config.ORIGIN_SECRET_FILE ? InternalCredential.fromFile(config.ORIGIN_SECRET_FILE) : undefined;
    const role = config.STREAM_ROLE;
    // Publish authorisation (cms, once per publish attempt) and the revocation snapshot (cms and auth,
    // at start): signed with the shared internal secret, read once and never logged.
    const authority = new HttpMediaAuthority({
      credential: InternalCredential.fromFile(config.MEDIA_INTERNAL_SECRET_FILE),
      caller: `stream.${(config.INSTANCE_ID ?? hostname()).replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 90)}`,
      cmsUrl: config.CMS_INTERNAL_URL ?? new URL(config.PLAYBACK_JWKS_URL).origin,
      ...(role !== 'ingest' && config.AUTH_INTERNAL_URL ? { authUrl: config.AUTH_INTERNAL_URL } : {}),
      ...(config.INTERNAL_CA_FILE ? { ca: readFileSync(config.INTERNAL_CA_FILE) } : {}),
    });
    return {
      module: StreamModule.register({
        role,
        dataDir: config.DATA_DIR,
        mediaKeys,
        authority,
        tls: { key: tls.key, cert: tls.cert },
        ...(role === 'edge'
          ? {
              upstream: {
                // The schema refuses an edge without ORIGIN_SECRET_FILE.
                credential: credential ?? InternalCredential.fromFile(config.ORIGIN_SECRET_FILE ?? ''),
                ...(config.STREAM_ORIGIN_URL ? { staticOriginUrl: config.STREAM_ORIGIN_URL } : {}),
                ...(config.ORIGIN_CA_FILE ? { ca: readFileSync(config.ORIGIN_CA_FILE) } : {}),
              },
            }
          : {
              ingest: { host: config.RTMPS_HOST, rtmpsPort: config.RTMPS_PORT },
              origin: {
                host: config.ORIGIN_HOST,
                port: config.ORIGIN_PORT,
                credential,
                ...(config.ORIGIN_PUBLIC_URL ? { publicUrl: config.ORIGIN_PUBLIC_URL } : {}),
              },
            }),
        ...(config.WEB_ORIGIN ? { webOrigin: new URL(config.WEB_ORIGIN).origin } : {}),
        ...(config.FFMPEG_PATH ? { ffmpegPath: config.FFMPEG_PATH } : {}),
        ...(config.INSTANCE_ID ? { instanceId: config.INSTANCE_ID } : {}),
      }),
      // The media host has no access-token routes (the edge's routes carry playback tokens); the
      // guard still needs keys to deny by default.
      accessKeys: mediaKeys,
      https: { key: tls.key, cert: tls.cert },
    };
  },
});
