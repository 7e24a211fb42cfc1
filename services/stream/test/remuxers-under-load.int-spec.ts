// Regression: many presenters going live at once. 8 real ffmpeg publishers over RTMPS, each with its
// own remuxer (real ffmpeg fed by the in-process FLV tap → HLS). Under load the stream-key check takes a while, and
// the packets the guard held meanwhile used to alias node-media-server's receive buffer: by the time
// they were forwarded, the metadata and sequence headers held bytes of later frames, so remuxers failed
// to probe ("Invalid data found when processing input") and were restarted forever, and every FLV
// viewer got the same broken headers. The check is slowed down here (as a loaded event loop does) so
// the window is wide open every run: without the copy in publish-guard.ts every stream fails.
import { KeySet } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tapFlv } from '../src/ingest/broadcasts';
import { IngestServer } from '../src/ingest/ingest-server';
import { RevokedStreamKeys } from '../src/ingest/revoked-stream-keys';
import { StreamKeyVerifier, type VerifiedStreamKey } from '../src/ingest/stream-key-verifier';
import { RemuxerPool } from '../src/packaging/remuxer-pool';
import { decodeErrors, FFMPEG, publish, type Publisher, signStreamKey, sleep, tlsMaterial, until } from './support/media-fixtures';

const STREAMS = 8;
/** How long each key check takes: several frames arrive (and are held) meanwhile. */
const CHECK_DELAY_MS = 400;

/** The real verifier, answering late like one on a busy event loop. */
class SlowVerifier extends StreamKeyVerifier {
  override async verify(seminarId: string, key: string | undefined): Promise<VerifiedStreamKey> {
    const verified = await super.verify(seminarId, key);
    await sleep(CHECK_DELAY_MS);
    return verified;
  }
}

function segmentsOf(playlist: string): string[] {
  return playlist.split('\n').filter((line) => /^seg_\d+\.ts$/.test(line));
}

describe(`${STREAMS} presenters going live at once (real ffmpeg publishers and remuxers)`, () => {
  jest.setTimeout(60_000);

  it('gives every stream a remuxer that produces a decodable playlist without a single restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remuxers-under-load-'));
    const keys = await KeySet.generate({ use: 'sig' });
    const revokedKeys = new RevokedStreamKeys();
    const warnings: string[] = [];
    const logger = {
      info: () => undefined,
      warn: (obj: object, msg: string) => warnings.push(`${msg} ${JSON.stringify(obj)}`),
      error: (obj: object, msg: string) => warnings.push(`${msg} ${JSON.stringify(obj)}`),
    };
    const live: string[] = [];
    const ingest: IngestServer = new IngestServer({
      tls: await tlsMaterial(dir),
      host: '127.0.0.1',
      rtmpsPort: 0,
      verifier: new SlowVerifier(keys, revokedKeys),
      revokedKeys,
      logger,
      onStreamStarted: (seminarId) => {
        live.push(seminarId);
        remuxers.start(seminarId);
      },
    });
    const remuxers = new RemuxerPool({
      ffmpegPath: FFMPEG,
      hlsRoot: join(dir, 'hls'),
      logger,
    });
    await ingest.start();
    const publishers: Publisher[] = [];
    try {
      const seminars = Array.from({ length: STREAMS }, () => randomUUID());
      for (const seminarId of seminars) {
        const key = await signStreamKey(keys, { seminarId });
        const url = `rtmps://127.0.0.1:${ingest.rtmpsAddress.port}/live/${seminarId}?key=${key}`;
        publishers.push(publish({ url, seconds: 25, marker: `PRESENTER-${seminarId}` }));
      }
      await until(() => live.length === STREAMS, 20_000, 'every stream to go live');

      // A viewer attached now gets the broadcast's cached metadata and sequence headers first.
      const captured = new Map(seminars.map((id) => [id, [] as Buffer[]]));
      const taps = seminars.map((id) => tapFlv(id, { write: (chunk) => captured.get(id)?.push(Buffer.from(chunk)), end: () => undefined }));
      expect(taps.every((tap) => tap !== undefined)).toBe(true);

      const playlistOf = (id: string): string => {
        const file = join(remuxers.outputDir(id), 'index.m3u8');
        return existsSync(file) ? readFileSync(file, 'utf8') : '';
      };
      await until(() => seminars.every((id) => segmentsOf(playlistOf(id)).length >= 3), 30_000, 'every playlist to list 3 segments');
      for (const tap of taps) tap?.detach();

      for (const id of seminars) {
        const remuxer = remuxers.get(id);
        expect(remuxer?.running).toBe(true);
        expect(remuxer?.restartCount).toBe(0);
        const playlist = playlistOf(id);
        expect(playlist.startsWith('#EXTM3U')).toBe(true);
        expect(playlist).toMatch(/#EXT-X-TARGETDURATION:[12]\n/);
        // The newest segment listed is complete (temp_file renames) and decodes cleanly.
        const newest = segmentsOf(playlist).at(-1) as string;
        const segment = readFileSync(join(remuxers.outputDir(id), newest));
        expect(segment.length).toBeGreaterThan(1_000);
        expect(await decodeErrors(segment, dir, `${id}.ts`)).toBe('');
        const flv = Buffer.concat(captured.get(id) ?? []);
        expect(flv.length).toBeGreaterThan(20_000);
        expect(await decodeErrors(flv, dir, `${id}.flv`)).toBe('');
      }
      expect(warnings).toEqual([]);
    } finally {
      await Promise.all(publishers.map((p) => p.stop()));
      await remuxers.stopAll();
      await ingest.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
