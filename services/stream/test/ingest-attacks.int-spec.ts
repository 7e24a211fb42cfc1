// Publish attacks against the real ingest with Debian's ffmpeg over RTMPS. A legitimate presenter
// goes live and a viewer records everything it receives; then attackers publish to the same seminar
// at once. For each: the attacker is disconnected, none of its bytes (its metadata marker) reach the
// viewer, and the viewer's recording decodes without a single ffmpeg error. Without the publish
// guard node-media-server relays the refused publishers' packets and these tests fail.
import { KeySet } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tapFlv } from '../src/ingest/broadcasts';
import { IngestServer } from '../src/ingest/ingest-server';
import { RevokedStreamKeys } from '../src/ingest/revoked-stream-keys';
import { StreamKeyVerifier } from '../src/ingest/stream-key-verifier';
import { decodeErrors, publish, type Publisher, signStreamKey, tlsMaterial, until } from './support/media-fixtures';

const silent = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };

describe('ingest publish attacks (real ffmpeg over RTMPS)', () => {
  jest.setTimeout(60_000);
  const seminarId = randomUUID();
  const otherSeminarId = randomUUID();
  let dir: string;
  let keys: KeySet;
  let ingest: IngestServer;
  const started: string[] = [];
  const captured: Buffer[] = [];
  const attackers = new Map<string, { publisher: Publisher; code: number | null; exitedAfterMs: number }>();

  const rtmpsUrl = (seminar: string, key: string): string =>
    `rtmps://127.0.0.1:${ingest.rtmpsAddress.port}/live/${seminar}?key=${key}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-attacks-'));
    keys = await KeySet.generate({ use: 'sig' });
    const revokedKeys = new RevokedStreamKeys();
    ingest = new IngestServer({
      tls: await tlsMaterial(dir),
      host: '127.0.0.1',
      rtmpsPort: 0,
      verifier: new StreamKeyVerifier(keys, revokedKeys),
      revokedKeys,
      logger: silent,
      onStreamStarted: (id) => started.push(id),
    });
    await ingest.start();

    const presenter = publish({ url: rtmpsUrl(seminarId, await signStreamKey(keys, { seminarId })), seconds: 9, marker: 'PRESENTER' });
    await until(() => started.includes(seminarId), 15_000, 'the presenter to go live');
    const tap = tapFlv(seminarId, { write: (chunk) => captured.push(Buffer.from(chunk)), end: () => undefined });
    expect(tap).toBeDefined();

    const attack = async (name: string, url: string): Promise<void> => {
      const t0 = Date.now();
      const publisher = publish({ url, seconds: 4, marker: `ATTACKER-${name}`, size: '160x120', frequency: 1000 });
      const code = await Promise.race([publisher.exited, new Promise<number | null>((r) => setTimeout(() => r(999), 8_000))]);
      attackers.set(name, { publisher, code, exitedAfterMs: Date.now() - t0 });
      await publisher.stop();
    };
    await Promise.all([
      attack('wrong-key', rtmpsUrl(seminarId, await signStreamKey(await KeySet.generate({ use: 'sig' }), { seminarId }))),
      attack('expired-key', rtmpsUrl(seminarId, await signStreamKey(keys, { seminarId, expiresIn: -30 }))),
      attack('other-seminar-key', rtmpsUrl(seminarId, await signStreamKey(keys, { seminarId: otherSeminarId }))),
      attack('no-key', `rtmps://127.0.0.1:${ingest.rtmpsAddress.port}/live/${seminarId}`),
      attack('second-publisher', rtmpsUrl(seminarId, await signStreamKey(keys, { seminarId }))),
    ]);
    await presenter.exited;
    tap?.detach();
  });

  afterAll(async () => {
    for (const { publisher } of attackers.values()) await publisher.stop();
    await ingest?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['wrong-key', 'expired-key', 'other-seminar-key', 'no-key', 'second-publisher'])(
    'disconnects the %s publisher and none of its bytes reach the viewer',
    (name) => {
      const attacker = attackers.get(name);
      expect(attacker?.code).not.toBe(0);
      expect(attacker?.code).not.toBe(999);
      expect(Buffer.concat(captured).includes(`ATTACKER-${name}`)).toBe(false);
    },
  );

  it('lets the viewer of the live stream receive the presenter and decode it without one error', async () => {
    const bytes = Buffer.concat(captured);
    expect(bytes.length).toBeGreaterThan(50_000);
    expect(bytes.includes('PRESENTER')).toBe(true); // the marker method sees a publisher's metadata
    expect(await decodeErrors(bytes, dir, 'viewer.flv')).toBe('');
  });

  it('never started a stream for the attackers', () => {
    expect(started).toEqual([seminarId]);
  });

  it('has no listener but RTMPS, and RTMPS refuses a plain RTMP handshake', async () => {
    // No plain RTMP anywhere: the remuxers attach in-process (test/internal-hop.int-spec.ts).
    expect(Object.getOwnPropertyNames(IngestServer.prototype).filter((name) => name.endsWith('Address'))).toEqual(['rtmpsAddress']);
    const socket = connect(ingest.rtmpsAddress.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(1536)]));
    await closed;
    expect(started).toEqual([seminarId]);
  });
});
