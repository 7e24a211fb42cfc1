// Stream keys and playback tokens: signed with cms's media key set, verified here exactly as the media
// tier does (cms's public JWKS + the shared claim schemas), rotated with previousKeyId on the bus, and
// stored only as a hash.
import { MEDIA_TOKEN_AUDIENCE, MEDIA_TOKEN_ISSUER, playbackClaimsSchema, streamKeyClaimsSchema } from '@webinar/contracts';
import { hashToken, loadOrCreateKeySet, TOKEN_TYPES, TokenError, verifyJwt } from '@webinar/security';
import { createLocalJWKSet } from 'jose';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { type CmsTestApp, eventually, inHours, recordEvents, RTMPS_URL, startCmsApp } from './support/cms-test-app';

interface StreamKeyView {
  keyId: string;
  server: string;
  streamKey: string;
  keyframeIntervalSeconds: number;
  validFrom: string;
  validUntil: string;
}

describe('cms stream keys and playback tokens', () => {
  let t: CmsTestApp;
  const companyA = randomUUID();
  let adminA: string;
  const presenterId = randomUUID();
  let presenter: string;

  const seminar = async (startsInHours: number, state: 'scheduled' | 'live' = 'scheduled'): Promise<string> => {
    const created = await t.call('POST', '/cms/seminars', adminA, {
      title: 'Media',
      startsAt: inHours(startsInHours),
      endsAt: inHours(startsInHours + 1),
      timeZone: 'UTC',
      capacity: 10,
    });
    const id = created.json<{ id: string }>().id;
    await t.call('POST', `/cms/seminars/${id}/transitions`, adminA, { to: 'scheduled' });
    if (state === 'live') await t.call('POST', `/cms/seminars/${id}/transitions`, adminA, { to: 'live' });
    await t.call('PUT', `/cms/seminars/${id}/grants/presenter/${presenterId}`, adminA);
    return id;
  };

  const jwks = async () => createLocalJWKSet((await t.call('GET', '/cms/.well-known/jwks.json')).json());

  beforeAll(async () => {
    t = await startCmsApp();
    adminA = await t.token({ role: 'admin', companyId: companyA });
    presenter = await t.token({ role: 'customer', companyId: companyA, userId: presenterId });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('publishes the media key set, the same one <dataDir>/keys/media.json holds', async () => {
    const response = await t.call('GET', '/cms/.well-known/jwks.json');
    expect(response.statusCode).toBe(200);
    const onDisk = await loadOrCreateKeySet({ dir: join(t.dataDir, 'keys'), name: 'media', use: 'sig' });
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(onDisk.publicJwks())));
    expect(JSON.stringify(response.json())).not.toMatch(/"d":/);
  });

  it('issues a stream key a verifier accepts, with the OBS settings, and keeps only its hash', async () => {
    const seminarId = await seminar(24);
    const response = await t.call('POST', `/cms/seminars/${seminarId}/stream-key`, presenter);
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const view = response.json<StreamKeyView>();
    expect(view.server).toBe(RTMPS_URL);
    expect(view.keyframeIntervalSeconds).toBe(1);
    const [name, query] = view.streamKey.split('?key=');
    expect(name).toBe(seminarId);
    const jwt = query ?? '';

    // Not yet valid: the window opens an hour before the start.
    await expect(
      verifyJwt(jwt, await jwks(), { typ: TOKEN_TYPES.streamKey, issuer: MEDIA_TOKEN_ISSUER, audience: MEDIA_TOKEN_AUDIENCE }),
    ).rejects.toBeInstanceOf(TokenError);
    const { payload } = await verifyJwt(jwt, await jwks(), {
      typ: TOKEN_TYPES.streamKey,
      issuer: MEDIA_TOKEN_ISSUER,
      audience: MEDIA_TOKEN_AUDIENCE,
      currentDate: new Date(Date.parse(view.validFrom) + 1000),
    });
    const claims = streamKeyClaimsSchema.parse(payload);
    expect(claims).toMatchObject({ sub: presenterId, sem: seminarId, cid: companyA, jti: view.keyId });
    expect(claims.nbf * 1000).toBe(Date.parse(view.validFrom));
    expect(claims.exp * 1000).toBe(Date.parse(view.validUntil));

    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ key_hash: string }>('select key_hash from cms.stream_keys where id = $1', [view.keyId]);
      expect(rows.rows).toEqual([{ key_hash: hashToken(jwt) }]);
      const everything = JSON.stringify((await db.query('select * from cms.stream_keys')).rows);
      expect(everything).not.toContain(jwt);
    } finally {
      await db.end();
    }
  });

  it('rotates: a new key revokes the previous one and names it on the bus', async () => {
    const events = await recordEvents(t.bus, 'test.stream-keys', ['cms.stream-key.rotated.v1']);
    const seminarId = await seminar(2);
    const first = (await t.call('POST', `/cms/seminars/${seminarId}/stream-key`, presenter)).json<StreamKeyView>();
    const second = (await t.call('POST', `/cms/seminars/${seminarId}/stream-key`, presenter)).json<StreamKeyView>();
    expect(second.keyId).not.toBe(first.keyId);
    expect(second.streamKey).not.toBe(first.streamKey);
    await eventually(t.bus, () => {
      // Keys issued by earlier tests may still be relayed from the outbox: look at this seminar only.
      expect(events.map((e) => e.payload).filter((p) => p.seminarId === seminarId)).toEqual([
        expect.objectContaining({ seminarId, companyId: companyA, keyId: first.keyId, previousKeyId: null }),
        expect.objectContaining({ seminarId, companyId: companyA, keyId: second.keyId, previousKeyId: first.keyId }),
      ]);
    });
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ id: string; revoked: boolean }>(
        'select id, revoked_at is not null as revoked from cms.stream_keys where seminar_id = $1 order by created_at',
        [seminarId],
      );
      expect(rows.rows).toEqual([
        { id: first.keyId, revoked: true },
        { id: second.keyId, revoked: false },
      ]);
    } finally {
      await db.end();
    }
  });

  it('gives stream keys only to the seminar\'s presenters', async () => {
    const seminarId = await seminar(2);
    const stranger = await t.token({ role: 'customer', companyId: companyA });
    const refused = await t.call('POST', `/cms/seminars/${seminarId}/stream-key`, stranger);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('STREAM_KEY.NOT_PRESENTER');
    const foreign = await t.token({ role: 'customer', companyId: randomUUID(), userId: presenterId });
    expect((await t.call('POST', `/cms/seminars/${seminarId}/stream-key`, foreign)).statusCode).toBe(404);
  });

  it('issues playback tokens to registered viewers of a live seminar, carrying the company\'s protocols', async () => {
    const seminarId = await seminar(0.1, 'live');
    const viewerId = randomUUID();
    const viewer = await t.token({ role: 'customer', companyId: companyA, userId: viewerId });
    const unregistered = await t.call('POST', `/cms/seminars/${seminarId}/playback-token`, viewer);
    expect(unregistered.json<{ code: string }>().code).toBe('PLAYBACK.NOT_ALLOWED');
    await t.call('POST', `/cms/seminars/${seminarId}/registration`, viewer);
    expect((await t.call('PUT', '/cms/settings', adminA, { playbackProtocols: ['hls'] })).statusCode).toBe(200);

    const response = await t.call('POST', `/cms/seminars/${seminarId}/playback-token`, viewer);
    expect(response.statusCode).toBe(201);
    const { token, protocols } = response.json<{ token: string; protocols: string[] }>();
    expect(protocols).toEqual(['hls']);
    const { payload } = await verifyJwt(token, await jwks(), {
      typ: TOKEN_TYPES.playback,
      issuer: MEDIA_TOKEN_ISSUER,
      audience: MEDIA_TOKEN_AUDIENCE,
    });
    const claims = playbackClaimsSchema.parse(payload);
    expect(claims).toMatchObject({ sub: viewerId, sem: seminarId, cid: companyA, pro: ['hls'] });
    expect(claims.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(300);
    // A playback token is not a stream key.
    await expect(
      verifyJwt(token, await jwks(), { typ: TOKEN_TYPES.streamKey, issuer: MEDIA_TOKEN_ISSUER, audience: MEDIA_TOKEN_AUDIENCE }),
    ).rejects.toBeInstanceOf(TokenError);

    await t.call('PUT', '/cms/settings', adminA, { playbackProtocols: ['hls', 'flv'] });
    expect((await t.call('GET', '/cms/settings', adminA)).json()).toEqual({ playbackProtocols: ['flv', 'hls'] });
  });

  it('refuses playback before 15 minutes ahead of the start, and grants it to presenters', async () => {
    const later = await seminar(3);
    const early = await t.call('POST', `/cms/seminars/${later}/playback-token`, presenter);
    expect(early.json<{ code: string }>().code).toBe('PLAYBACK.NOT_OPEN');
    const soon = await seminar(0.2);
    expect((await t.call('POST', `/cms/seminars/${soon}/playback-token`, presenter)).statusCode).toBe(201);
  });
});
