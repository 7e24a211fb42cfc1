// Scale-out as deployed: one ingest node and two edges as separate processes on loopback, RabbitMQ
// between them, a real ffmpeg presenter over RTMPS. Edge A finds the ingest through the bus
// (stream.origin.announced.v1), edge B through STREAM_ORIGIN_URL. Viewers on both edges fetch
// playlists and the same segments concurrently, and HTTP-FLV; the ingest counts the origin requests
// per edge and object: each segment must have crossed to each edge exactly once, the FLV stream once
// per edge, and the playlist at most once per cache interval per edge.
import { MEDIA_TOKEN_AUDIENCE } from '@webinar/contracts';
import { InternalCredential, KeySet } from '@webinar/security';
import { stopAllProcesses, testAmqpUrl } from '@webinar/testing';
import { parse } from 'hls-parser';
import type { MediaPlaylist } from 'hls-parser/types';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORIGIN_STATS_PATH } from '../src/origin-paths';
import type { OriginStatsSnapshot } from '../src/origin/origin-stats';
import { type Fetched, httpsGet } from './support/https-client';
import { decodeErrors, publish, type Publisher, signPlaybackToken, signStreamKey, sleep, tlsMaterial } from './support/media-fixtures';
import { launchNode, serveJwks, type StreamNode } from './support/stream-nodes';

/** The edge's playlist cache interval (half a 1 s segment). */
const PLAYLIST_TTL_MS = 500;
const VIEWERS_PER_EDGE = 4;
const LOAD_MS = 6_000;
/** Longer than the whole suite on a loaded machine (CI once took 128 s): afterAll stops the presenter,
 * its own clock must never end the stream while a test still reads it. */
const PRESENTER_SECONDS = 900;

describe('scale-out: one ingest, two edges, as processes', () => {
  jest.setTimeout(180_000);
  const seminarId = randomUUID();
  const companyId = randomUUID();
  let dir: string;
  let keys: KeySet;
  let ca: Buffer;
  let jwks: Server;
  let credential: InternalCredential;
  let ingest: StreamNode;
  let edges: StreamNode[];
  let presenter: Publisher;

  const agent = (): Agent => new Agent({ keepAlive: true, ca });
  const live = (node: StreamNode, token: string, file: string): string => `${node.url}/live/${seminarId}/${token}/${file}`;
  const originUrl = (path: string): string => `https://127.0.0.1:${ingest.originPort}${path}`;
  const asOrigin = (path: string, edgeId = 'test-operator', cred = credential): Promise<Fetched> =>
    httpsGet(originUrl(path), ca, { headers: cred.sign(edgeId, 'GET', path) });
  const originStats = async (): Promise<OriginStatsSnapshot> =>
    JSON.parse((await asOrigin(ORIGIN_STATS_PATH)).body.toString()) as OriginStatsSnapshot;
  const countsOf = (stats: OriginStatsSnapshot, edge: StreamNode): Record<string, number> => stats.edges[edge.instanceId] ?? {};
  const segmentsOf = (playlist: Buffer): string[] => (parse(playlist.toString()) as MediaPlaylist).segments.map((s) => s.uri);
  /** The segments an edge lists now; a refusal fails with the status and the nodes' output, not a parser error. */
  const listedOn = async (edge: StreamNode, token: string): Promise<string[]> => {
    const res = await httpsGet(live(edge, token, 'index.m3u8'), ca);
    if (res.status !== 200) throw new Error(`playlist on ${edge.instanceId}: status ${res.status} ${res.body.toString().slice(0, 200)}\n${context()}`);
    return segmentsOf(res.body);
  };
  const context = (): string => [ingest, ...edges].map((n) => `--- ${n.instanceId}\n${n.process.output().slice(-1500)}`).join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scale-out-'));
    keys = await KeySet.generate({ use: 'sig' });
    const tls = await tlsMaterial(dir); // one certificate (SAN 127.0.0.1) for every node
    ca = tls.cert;
    const tlsFiles = { cert: join(dir, 'tls', 'cert.pem'), key: join(dir, 'tls', 'key.pem') };
    const secretFile = join(dir, 'origin-secret');
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    credential = InternalCredential.fromSecret(secret);
    const served = await serveJwks(keys);
    jwks = served.server;
    const amqpUrl = await testAmqpUrl();
    const common = { dir, jwksUrl: served.url, tlsFiles, ca, ...(amqpUrl ? { amqpUrl } : {}) };

    ingest = await launchNode({ ...common, role: 'ingest', instanceId: 'scale-out-ingest', env: { ORIGIN_SECRET_FILE: secretFile } });
    const edgeEnv = { ORIGIN_SECRET_FILE: secretFile, ORIGIN_CA_FILE: tlsFiles.cert };
    edges = await Promise.all([
      // Edge A learns the ingest from the bus (without a broker in a dev run, from configuration too).
      launchNode({ ...common, role: 'edge', instanceId: 'scale-out-edge-a', env: { ...edgeEnv, ...(amqpUrl ? {} : { STREAM_ORIGIN_URL: originUrl('') }) } }),
      launchNode({ ...common, role: 'edge', instanceId: 'scale-out-edge-b', env: { ...edgeEnv, STREAM_ORIGIN_URL: originUrl('') } }),
    ]);

    presenter = publish({ url: `rtmps://127.0.0.1:${ingest.rtmpsPort}/live/${seminarId}?key=${await signStreamKey(keys, { seminarId, companyId })}`, seconds: PRESENTER_SECONDS, marker: 'PRESENTER' });
    const token = await signPlaybackToken(keys, { seminarId, companyId });
    const deadline = Date.now() + 30_000;
    for (const edge of edges) {
      for (;;) {
        const res = await httpsGet(live(edge, token, 'index.m3u8'), ca);
        if (res.status === 200 && segmentsOf(res.body).length >= 3) break;
        if (Date.now() > deadline) throw new Error(`no playlist on ${edge.instanceId} (status ${res.status})\n${context()}`);
        await sleep(300);
      }
    }
  });

  afterAll(async () => {
    await presenter?.stop();
    await stopAllProcesses();
    await new Promise((r) => jwks?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves viewers on both edges with each segment crossing to each edge once, and the playlist once per interval', async () => {
    const before = await originStats();
    const viewers = await Promise.all(
      edges.flatMap((edge) =>
        Array.from({ length: VIEWERS_PER_EDGE }, async () => ({ edge, token: await signPlaybackToken(keys, { seminarId, companyId }), agent: agent() })),
      ),
    );
    const served = new Map<string, Set<string>>(edges.map((e) => [e.instanceId, new Set()]));
    const playlistRequests = new Map<string, number>(edges.map((e) => [e.instanceId, 0]));
    const statuses: number[] = [];
    const segmentBodies = new Map<string, Buffer>();

    // Every viewer polls its edge's playlist and fetches the newest segments, as a player at the live edge does.
    const t0 = Date.now();
    await Promise.all(
      viewers.map(async ({ edge, token, agent: keepAlive }) => {
        while (Date.now() - t0 < LOAD_MS) {
          const playlist = await httpsGet(live(edge, token, 'index.m3u8'), ca, { agent: keepAlive });
          playlistRequests.set(edge.instanceId, (playlistRequests.get(edge.instanceId) ?? 0) + 1);
          statuses.push(playlist.status);
          if (playlist.status !== 200) continue;
          await Promise.all(
            segmentsOf(playlist.body)
              .slice(-3)
              .map(async (name) => {
                const seg = await httpsGet(live(edge, token, name), ca, { agent: keepAlive });
                statuses.push(seg.status);
                if (seg.status === 200) {
                  served.get(edge.instanceId)?.add(name);
                  segmentBodies.set(name, seg.body);
                }
              }),
          );
          await sleep(200);
        }
      }),
    );
    const loadMs = Date.now() - t0;

    // A burst: every viewer of both edges asks for a segment that has just appeared, all at once.
    const [first] = viewers;
    const known = new Set(await listedOn(first!.edge, first!.token));
    let fresh: string | undefined;
    while (!fresh) {
      await sleep(100);
      const listed = await listedOn(edges[1]!, first!.token);
      fresh = listed.find((name) => !known.has(name));
    }
    // An edge serves only segments its own (briefly cached) playlist lists, as a player would ask for
    // them: wait until the first edge lists it too, then burst.
    while (!(await listedOn(edges[0]!, first!.token)).includes(fresh)) await sleep(50);
    const burst = await Promise.all(viewers.map(({ edge, token, agent: a }) => httpsGet(live(edge, token, fresh), ca, { agent: a })));
    expect(burst.map((r) => r.status)).toEqual(viewers.map(() => 200));
    for (const edge of edges) served.get(edge.instanceId)?.add(fresh);
    for (const v of viewers) v.agent.destroy();

    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const after = await originStats();
    for (const edge of edges) {
      const counts = countsOf(after, edge);
      const segments = Object.entries(counts).filter(([object]) => object.startsWith(`${seminarId}/seg_`));
      expect(served.get(edge.instanceId)!.size).toBeGreaterThanOrEqual(5);
      // Every segment the edge's viewers got came from the origin exactly once.
      for (const name of served.get(edge.instanceId)!) expect({ name, count: counts[`${seminarId}/${name}`] }).toEqual({ name, count: 1 });
      expect(segments.filter(([, count]) => count !== 1)).toEqual([]);
      // N viewers polling: one origin fetch per cache interval at most (fewer on a slow machine).
      const playlistKey = `${seminarId}/index.m3u8`;
      const fetched = (counts[playlistKey] ?? 0) - (countsOf(before, edge)[playlistKey] ?? 0);
      expect(fetched).toBeLessThanOrEqual(Math.ceil(loadMs / PLAYLIST_TTL_MS) + 4);
      expect(fetched).toBeLessThan(playlistRequests.get(edge.instanceId)! / 2);
    }
    const sample = [...segmentBodies.values()][0]!;
    expect(await decodeErrors(sample, dir, 'edge-segment.ts')).toBe('');
  });

  it('relays HTTP-FLV to several viewers per edge over one origin connection each, decodable from the first byte', async () => {
    const before = await originStats();
    const captures = await Promise.all(
      edges.flatMap((edge) =>
        [0, 1].map(async () => httpsGet(live(edge, await signPlaybackToken(keys, { seminarId, companyId }), 'stream.flv'), ca, { maxMs: 3_000 })),
      ),
    );
    for (const [i, capture] of captures.entries()) {
      expect(capture.status).toBe(200);
      expect(capture.body.subarray(0, 3).toString()).toBe('FLV');
      expect(capture.body.length).toBeGreaterThan(10_000);
      expect(await decodeErrors(capture.body, dir, `edge-${i}.flv`)).toBe('');
    }
    const after = await originStats();
    const flvKey = `${seminarId}/stream.flv`;
    for (const edge of edges) {
      expect((countsOf(after, edge)[flvKey] ?? 0) - (countsOf(before, edge)[flvKey] ?? 0)).toBe(1);
    }
  });

  it('still checks the viewer token on the edge', async () => {
    const [edge] = edges;
    const token = await signPlaybackToken(keys, { seminarId, companyId });
    const segment = (await listedOn(edge!, token))[0]!;
    for (const file of ['index.m3u8', segment, 'stream.flv']) {
      expect((await httpsGet(`${edge!.url}/live/${seminarId}/${file}`, ca, { maxMs: 2_000 })).status).toBe(401);
      expect((await httpsGet(live(edge!, 'not-a-token', file), ca, { maxMs: 2_000 })).status).toBe(401);
      const otherSeminar = await signPlaybackToken(keys, { seminarId: randomUUID(), companyId });
      expect((await httpsGet(live(edge!, otherSeminar, file), ca, { maxMs: 2_000 })).status).toBe(403);
      const otherKeys = await signPlaybackToken(await KeySet.generate({ use: 'sig' }), { seminarId, companyId });
      expect((await httpsGet(live(edge!, otherKeys, file), ca, { maxMs: 2_000 })).status).toBe(401);
    }
  });

  it('has an origin that answers edges only, and an ingest that serves no viewer', async () => {
    const path = `/origin/${seminarId}/index.m3u8`;
    const viewerToken = await signPlaybackToken(keys, { seminarId, companyId, audience: MEDIA_TOKEN_AUDIENCE });
    const refused = [
      await httpsGet(originUrl(path), ca),
      await httpsGet(originUrl(path), ca, { headers: { authorization: `Bearer ${viewerToken}` } }),
      await asOrigin(path, 'scale-out-edge-a', InternalCredential.fromSecret(randomBytes(32).toString('hex'))),
      await httpsGet(originUrl(path), ca, { headers: credential.sign('scale-out-edge-a', 'GET', `/origin/${seminarId}/stream.flv`) }),
      await httpsGet(originUrl(ORIGIN_STATS_PATH), ca),
      await httpsGet(originUrl(`/origin/${seminarId}/stream.flv`), ca, { maxMs: 2_000 }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(res.body.includes('#EXTM3U')).toBe(false);
      expect(res.body.includes('FLV')).toBe(false);
    }
    const allowed = await asOrigin(path);
    expect(allowed.status).toBe(200);
    expect(allowed.body.toString()).toContain('#EXTM3U');
    // The ingest's own HTTPS port has no viewer routes, even with a valid playback token.
    expect((await httpsGet(live(ingest, viewerToken, 'index.m3u8'), ca)).status).toBe(404);
  });
});
