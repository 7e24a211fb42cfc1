// Real components for the media tests: stream keys and playback tokens signed like cms signs them,
// Debian's ffmpeg publishing testsrc2 + sine over RTMPS, and ffmpeg decoding what a viewer got.
import {
  MEDIA_TOKEN_AUDIENCE,
  MEDIA_TOKEN_ISSUER,
  type PlaybackProtocol,
} from '@webinar/contracts';
import { loadOrCreateTlsCertificate } from '@webinar/http';
import { type KeySet, signJwt, TOKEN_TYPES } from '@webinar/security';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FFMPEG = process.env['FFMPEG_PATH'] ?? 'ffmpeg';

export interface StreamKeyFixture {
  seminarId: string;
  presenterId?: string;
  companyId?: string;
  keyId?: string;
  /** Seconds from now; negative for an expired key. */
  expiresIn?: number;
}

export async function signStreamKey(keys: KeySet, f: StreamKeyFixture): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = f.expiresIn ?? 600;
  return signJwt(
    keys,
    { sem: f.seminarId, cid: f.companyId ?? randomUUID() },
    {
      typ: TOKEN_TYPES.streamKey,
      issuer: MEDIA_TOKEN_ISSUER,
      audience: MEDIA_TOKEN_AUDIENCE,
      subject: f.presenterId ?? randomUUID(),
      jti: f.keyId ?? randomUUID(),
      notBefore: now - 3600,
      // signJwt refuses a non-positive lifetime: an expired key is signed with a clock in the past.
      expiresInSeconds: Math.max(expiresIn, 1),
    },
  ).then((token) => (expiresIn > 0 ? token : backdate(keys, f, expiresIn)));
}

async function backdate(keys: KeySet, f: StreamKeyFixture, expiresIn: number): Promise<string> {
  const realNow = Date.now;
  Date.now = () => realNow() + (expiresIn - 60) * 1000;
  try {
    return await signStreamKey(keys, { ...f, expiresIn: 60 });
  } finally {
    Date.now = realNow;
  }
}

export interface PlaybackFixture {
  seminarId: string;
  userId?: string;
  sessionId?: string;
  companyId?: string;
  protocols?: PlaybackProtocol[];
  expiresIn?: number;
  audience?: string;
}

export async function signPlaybackToken(keys: KeySet, f: PlaybackFixture): Promise<string> {
  return signJwt(
    keys,
    { sem: f.seminarId, sid: f.sessionId ?? randomUUID(), cid: f.companyId ?? randomUUID(), pro: f.protocols ?? ['flv', 'hls'] },
    {
      typ: TOKEN_TYPES.playback,
      issuer: MEDIA_TOKEN_ISSUER,
      audience: f.audience ?? MEDIA_TOKEN_AUDIENCE,
      subject: f.userId ?? randomUUID(),
      expiresInSeconds: f.expiresIn ?? 120,
    },
  );
}

export async function tlsMaterial(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const tls = await loadOrCreateTlsCertificate({ dir: join(dir, 'tls') });
  return { key: tls.key, cert: tls.cert };
}

export interface Publisher {
  process: ChildProcess;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export interface PublishOptions {
  url: string;
  seconds: number;
  /** Written into the FLV onMetaData: lets a test find this publisher's bytes in what viewers got. */
  marker: string;
  size?: string;
  frequency?: number;
}

/** ffmpeg publishing a 320x240 test picture and a sine tone, keyframe every second (as OBS is told). */
export function publish(opts: PublishOptions): Publisher {
  const child = spawn(
    FFMPEG,
    [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', `testsrc2=size=${opts.size ?? '320x240'}:rate=25`,
      '-f', 'lavfi', '-i', `sine=frequency=${opts.frequency ?? 440}:sample_rate=44100`,
      '-t', String(opts.seconds),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-b:v', '200k', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '48k',
      '-metadata', `comment=${opts.marker}`,
      '-f', 'flv', opts.url,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** ffmpeg's complaints while decoding `bytes` completely (empty when they decode cleanly). */
export async function decodeErrors(bytes: Buffer, dir: string, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const child = spawn(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return code === 0 ? stderr.trim() : `exit ${code}: ${stderr.trim()}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
