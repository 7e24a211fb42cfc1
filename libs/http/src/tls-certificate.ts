// The HTTPS certificate of a process: the operator's files when given, else a self-signed P-256
// certificate generated once under the data folder (the standalone shape on a fresh machine).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  certPath: string;
  generated: boolean;
}

export interface TlsOptions {
  /** Folder for a generated certificate. */
  dir: string;
  certFile?: string;
  keyFile?: string;
  hostnames?: string[];
}

export async function loadOrCreateTlsCertificate(opts: TlsOptions): Promise<TlsFiles> {
  if (opts.certFile && opts.keyFile) {
    return { cert: readFileSync(opts.certFile), key: readFileSync(opts.keyFile), certPath: opts.certFile, generated: false };
  }
  const certPath = join(opts.dir, 'cert.pem');
  const keyPath = join(opts.dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath), key: readFileSync(keyPath), certPath, generated: false };
  }
  const hostnames = opts.hostnames ?? ['localhost'];
  const pems = await generate([{ name: 'commonName', value: hostnames[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...hostnames.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
          { type: 7 as const, ip: '::1' },
        ],
      },
    ],
  });
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(certPath, pems.cert);
  return { cert: Buffer.from(pems.cert), key: Buffer.from(pems.private), certPath, generated: true };
}
