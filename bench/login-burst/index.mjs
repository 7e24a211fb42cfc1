// login-burst: N distinct invitation links redeemed concurrently over HTTPS against real PostgreSQL.
// BENCH_SHAPE=nginx (default) is production's path: the real nginx with the product's configuration
// (nginx/render.mjs) terminates TLS in front of auth and cms as separate processes, RabbitMQ between
// them. BENCH_SHAPE=standalone runs the standalone shape (its web tier terminates TLS itself).
// Either way on a throwaway database. The links are made through the routes a real admin uses: root signs in with the banner's
// link, enrols (password + TOTP) and signs in again with them (privileged routes refuse a link
// session), creates a company (cms → bus → auth), invites N addresses; the links are read from the
// mailbox folder. Then C workers redeem them (POST /auth/links/redeem), each redemption on a fresh
// TLS connection from its own loopback address (127.x.y.z), as N attendees' browsers would: the
// per-address rate limit stays on, exactly as configured in production.
// Baseline, same run, same servers: a trivial GET through the same front (standalone: /health/live;
// nginx: auth's JWKS, proxied), N requests, same concurrency, same fresh-connection-per-request
// pattern (so TLS handshakes and proxying cost both sides alike).
// Prints last: redemptions_per_s=… p99_ms=… baseline_rps=… ratio=…
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:https';
import pg from 'pg';
import { render } from '../../nginx/render.mjs';

const root = resolve(import.meta.dirname, '../..');
const N = Number(process.env.BENCH_N ?? 2000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 64);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const port = Number(process.env.BENCH_PORT ?? 18643);
const serverName = 'webinar.bench';
const shapeIsNginx = (process.env.BENCH_SHAPE ?? 'nginx') === 'nginx';
// Behind nginx the web app has a name (nginx refuses a handshake for any other); standalone answers on the address.
const origin = shapeIsNginx ? `https://${serverName}:${port}` : `https://127.0.0.1:${port}`;

/** Loopback address number i (never .0 or .255), so every attendee has its own client address. */
const clientAddress = (i) => `127.${10 + Math.floor(i / 250)}.${1 + (i % 250)}.${1 + (Math.floor(i / 62500) % 250)}`;

function call({ method = 'GET', path, body, headers = {}, localAddress }) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((res, rej) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false, // a fresh connection (and TLS handshake) per request
        rejectUnauthorized: false,
        ...(shapeIsNginx ? { servername: serverName } : {}),
        ...(localAddress ? { localAddress } : {}),
        headers: {
          ...(shapeIsNginx ? { host: `${serverName}:${port}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => res({ status: r.statusCode, headers: r.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', rej);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end(payload);
  });
}

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cookieOf = (headers) => [headers['set-cookie'] ?? []].flat().find((h) => h.startsWith('__Host-session='))?.split(';')[0];

/** The address root was created with: ROOT_EMAIL is left at its default in both shapes. */
const ROOT_EMAIL = 'root@localhost';

/**
 * What root does after the banner's link before anything privileged: sets a password, enrols an
 * authenticator and signs in with password + TOTP. Answers the new session's cookie (mfa tokens).
 */
async function enrolRoot(linkCookie) {
  // auth's own TOTP (built with the shapes above), so the codes are computed as the server checks them.
  const { base32Decode, hotp, totpStep } = createRequire(import.meta.url)(join(root, 'services/auth/dist/credentials/totp.js'));
  const post = async (path, body, cookie) => {
    const r = await call({ method: 'POST', path, body, headers: { origin, ...(cookie ? { cookie } : {}) } });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${r.text}`);
    return r;
  };
  const password = `bench ${randomBytes(12).toString('base64url')}`;
  await post('/auth/credentials/password', { password }, linkCookie);
  const secret = base32Decode(JSON.parse((await post('/auth/credentials/totp', { password }, linkCookie)).text).secret);
  const step = totpStep(Date.now());
  await post('/auth/credentials/totp/confirm', { code: hotp(secret, step) }, linkCookie);
  // The confirming code counts as used; the next step is inside the ±1 window already.
  const login = await post('/auth/password-login', { email: ROOT_EMAIL, password, totp: hotp(secret, step + 1) });
  return cookieOf(login.headers);
}

async function accessToken(cookie, audience) {
  const r = await call({ method: 'POST', path: '/auth/token', body: { audience }, headers: { cookie, origin } });
  if (r.status !== 200) throw new Error(`token for ${audience}: ${r.status} ${r.text}`);
  return JSON.parse(r.text).accessToken;
}

/** Runs `work(i)` for i in [0, count) on `concurrency` workers; returns latencies (ms), statuses and the wall time (s). */
async function burst(count, concurrency, work) {
  const latencies = new Array(count);
  const statuses = new Map();
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = process.hrtime.bigint();
        let status;
        try {
          status = (await work(i)).status;
        } catch (error) {
          status = error.code ?? 'error';
        }
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return { latencies, statuses, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)];
const describe = (statuses) => [...statuses].map(([s, n]) => `${s}:${n}`).join(',');

const shape = process.env.BENCH_SHAPE ?? 'nginx';
if (!['nginx', 'standalone'].includes(shape)) throw new Error(`BENCH_SHAPE must be nginx or standalone, not ${shape}`);
const projects = shape === 'nginx' ? ['auth', 'cms'] : ['standalone'];
const build = spawnSync(join(root, 'node_modules/.bin/nx'), ['run-many', '-t', 'build', '-p', ...projects, '--outputStyle=static'], {
  cwd: root,
  stdio: 'ignore',
  env: { ...process.env, NX_DAEMON: 'false' },
});
if (build.status !== 0) throw new Error('build failed');

const dbName = `bench_login_burst_${randomBytes(6).toString('hex')}`;
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
const dataDir = mkdtempSync(join(tmpdir(), 'bench-login-burst-'));
const children = [];
let exitCode = 0;
let stdout = '';

function launch(name, args, env) {
  const child = spawn(args[0], args.slice(1), { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stdout += c));
  children.push({ name, child });
  return child;
}

async function until(what, probe, ms = 60_000) {
  for (const deadline = Date.now() + ms; ; ) {
    for (const { name, child } of children) if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(100);
  }
}

/** Standalone: one HTTPS process; the root link comes from its banner. */
async function startStandalone() {
  launch('standalone', [process.execPath, join(root, 'deploy/standalone/dist/main.js')], {
    DATA_DIR: dataDir,
    DATABASE_URL: dbUrl.toString(),
    HOST: '127.0.0.1',
    PUBLIC_HOST: '127.0.0.1',
    PORT: String(port),
    STREAM_PORT: String(port + 1),
    RTMPS_PORT: String(port + 2),
    PRINT_BANNER: 'true',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    AMQP_URL: '',
    SMTP_URL: '',
  });
  const rootLink = await until('standalone prints its root link', async () => stdout.match(/https:\/\/\S+\/auth\/link#(\S+)/)?.[1]);
  return { rootLink, mailbox: join(dataDir, 'mailbox'), baselinePath: '/health/live' };
}

/** Production's path: nginx (TLS) → auth and cms over plain HTTP on loopback, RabbitMQ between them. */
async function startBehindNginx() {
  const amqpUrl = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
  const [authPort, cmsPort, pollsPort] = [port + 1, port + 2, port + 3];
  const service = (name, servicePort, extra = {}) =>
    launch(name, [process.execPath, join(root, `services/${name}/dist/main.js`)], {
      HOST: '127.0.0.1',
      PORT: String(servicePort),
      DATA_DIR: join(dataDir, name),
      DATABASE_URL: dbUrl.toString(),
      AMQP_URL: amqpUrl,
      PUBLIC_URL: origin,
      TRUST_PROXY: 'true',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      SMTP_URL: '',
      ...extra,
    });
  service('auth', authPort);
  await until('auth ready', async () => ((await fetch(`http://127.0.0.1:${authPort}/health/ready`)).status === 200 ? true : undefined));
  service('cms', cmsPort, { AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/auth/.well-known/jwks.json` });
  await until('cms ready', async () => ((await fetch(`http://127.0.0.1:${cmsPort}/health/ready`)).status === 200 ? true : undefined));

  const dir = join(dataDir, 'nginx');
  for (const sub of ['run', 'log']) mkdirSync(join(dir, sub), { recursive: true });
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-keyout', key, '-out', cert, '-subj', `/CN=${serverName}`, '-addext', `subjectAltName=DNS:${serverName}`], { stdio: 'ignore' });
  if (made.status !== 0) throw new Error('openssl could not make a certificate');
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    render(readFileSync(join(root, 'nginx/webinar.conf.template'), 'utf8'), {
      SERVER_NAME: serverName,
      LISTEN: `127.0.0.1:${port}`,
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
      AUTH_UPSTREAM: `127.0.0.1:${authPort}`,
      CMS_UPSTREAM: `127.0.0.1:${cmsPort}`,
      POLLS_UPSTREAM: `127.0.0.1:${pollsPort}`,
      WEB_ROOT: join(root, 'services/web/public'),
      MEDIA_ORIGIN: `https://${serverName}:${port + 10}`,
      RUNTIME_DIR: join(dir, 'run'),
      LOG_DIR: join(dir, 'log'),
    }),
  );
  launch('nginx', ['nginx', '-p', dir, '-c', conf], {});
  await until('nginx answers', async () => ((await call({ path: '/nginx-health' })).status === 204 ? true : undefined));
  const rootLink = await until('auth writes the root link', async () => readFileSync(join(dataDir, 'auth', 'root-login-link'), 'utf8').trim().split('#')[1]);
  return { rootLink, mailbox: join(dataDir, 'auth', 'mailbox'), baselinePath: '/auth/.well-known/jwks.json' };
}

try {
  await adminQuery(`CREATE DATABASE "${dbName}"`);
  const { rootLink, mailbox, baselinePath } = shape === 'nginx' ? await startBehindNginx() : await startStandalone();
  const signIn = await call({ method: 'POST', path: '/auth/links/redeem', body: { token: rootLink }, headers: { origin } });
  if (signIn.status !== 200) throw new Error(`root sign-in: ${signIn.status} ${signIn.text}`);
  const rootCookie = await enrolRoot(cookieOf(signIn.headers));

  const company = await call({
    method: 'POST',
    path: '/cms/companies',
    body: { name: 'Bench Inc' },
    headers: { authorization: `Bearer ${await accessToken(rootCookie, 'cms')}` },
  });
  if (company.status !== 201 && company.status !== 200) throw new Error(`company: ${company.status} ${company.text}`);
  const companyId = JSON.parse(company.text).id;

  // auth learns the company from cms through the bus (outbox relay): wait for it before inviting.
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  try {
    for (const deadline = Date.now() + 30_000; (await db.query('select 1 from auth.companies where id = $1', [companyId])).rowCount === 0; ) {
      if (Date.now() > deadline) throw new Error('auth did not learn the company within 30 s');
      await sleep(100);
    }
  } finally {
    await db.end();
  }

  // N invitations, 500 per request (the route's cap).
  const authToken = await accessToken(rootCookie, 'auth');
  const setupStarted = Date.now();
  for (let from = 0; from < N; from += 500) {
    const rows = Array.from({ length: Math.min(500, N - from) }, (_, k) => ({ email: `attendee${from + k}@bench.test`, companyId }));
    const r = await call({ method: 'POST', path: '/auth/invitations', body: { invitations: rows }, headers: { authorization: `Bearer ${authToken}` } });
    if (r.status !== 200) throw new Error(`invitations: ${r.status} ${r.text}`);
    const refused = JSON.parse(r.text).results.filter((x) => x.status !== 'invited');
    if (refused.length > 0) throw new Error(`invitations refused: ${JSON.stringify(refused.slice(0, 3))}`);
  }

  // The links, from the mails (written after each answer).
  const links = new Map();
  for (const deadline = Date.now() + 60_000; links.size < N; ) {
    if (Date.now() > deadline) throw new Error(`only ${links.size} of ${N} invitation mails arrived`);
    let names = [];
    try {
      names = readdirSync(mailbox);
    } catch {
      /* not created yet */
    }
    for (const name of names) {
      const mail = JSON.parse(readFileSync(join(mailbox, name), 'utf8'));
      const token = mail.text.match(/\/auth\/link#(\S+)/)?.[1];
      if (mail.to.endsWith('@bench.test') && token) links.set(mail.to, token);
    }
    if (links.size < N) await sleep(200);
  }
  const tokens = [...links.values()];
  console.log(`setup: ${N} invitations and links in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

  // Warm-up (JIT, connection pool) on the cheap route, then the two measured bursts.
  await burst(Math.min(500, N), C, (i) => call({ path: baselinePath, localAddress: clientAddress(i) }));
  const redeemed = await burst(N, C, (i) =>
    call({ method: 'POST', path: '/auth/links/redeem', body: { token: tokens[i] }, headers: { origin }, localAddress: clientAddress(i) }),
  );
  const baseline = await burst(N, C, (i) => call({ path: baselinePath, localAddress: clientAddress(i) }));

  const ok = redeemed.statuses.get(200) ?? 0;
  const sessions = new pg.Client({ connectionString: dbUrl.toString() });
  await sessions.connect();
  const sessionRows = Number((await sessions.query('select count(*) from auth.sessions')).rows[0].count);
  await sessions.end();
  if (ok !== N) exitCode = 1;
  const rps = ok / redeemed.seconds;
  const baseRps = N / baseline.seconds;
  console.log(`shape=${shape} N=${N} concurrency=${C} redemption statuses ${describe(redeemed.statuses)} baseline statuses ${describe(baseline.statuses)}`);
  console.log(`sessions in the database: ${sessionRows} (N + root's two: link, then password + TOTP)`);
  console.log(`redemption wall ${redeemed.seconds.toFixed(2)} s; baseline (GET ${baselinePath}) wall ${baseline.seconds.toFixed(2)} s, p99 ${p99(baseline.latencies).toFixed(1)} ms`);
  console.log(
    `redemptions_per_s=${rps.toFixed(0)} p99_ms=${p99(redeemed.latencies).toFixed(1)} baseline_rps=${baseRps.toFixed(0)} ratio=${(rps / baseRps).toFixed(2)}`,
  );
} catch (error) {
  // The processes' own log helps to tell why; the banner's line with the root link is left out.
  const log = stdout.split('\n').filter((l) => !l.includes('#')).slice(-40).join('\n');
  process.stderr.write(`server output (tail):\n${log}\n`);
  throw error;
} finally {
  for (const { child } of children.reverse()) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  }
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e) => console.error(`drop ${dbName}: ${e.message}`));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
