// The standalone's one certificate (web app, media edge, RTMPS): generated once under DATA_DIR
// unless the operator supplies one. The web tier creates it; the media child loads the same files.
import { loadOrCreateTlsCertificate } from '@webinar/http';
import { join } from 'node:path';
import type { StandaloneConfig } from './config';

export function standaloneTls(config: StandaloneConfig, dataDir: string): ReturnType<typeof loadOrCreateTlsCertificate> {
  return loadOrCreateTlsCertificate({
    dir: join(dataDir, 'tls'),
    hostnames: [config.PUBLIC_HOST],
    ...(config.TLS_CERT_FILE ? { certFile: config.TLS_CERT_FILE } : {}),
    ...(config.TLS_KEY_FILE ? { keyFile: config.TLS_KEY_FILE } : {}),
  });
}

/** Where the standalone reaches its own web app: the bound address, or loopback for a wildcard bind. */
export function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
