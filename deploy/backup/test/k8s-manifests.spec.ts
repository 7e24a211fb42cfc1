// Policy checks on k8s/: the base as written and the production-nl overlay as rendered by
// k8s-render.ts (kustomize itself is not available here; see that file for what it implements).
// What this proves: the YAML says what docs/operations.md promises. What it cannot prove: that a
// cluster accepts and enforces it (no cluster here).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  containersOf,
  K8S_DIR,
  kustomization,
  type Obj,
  podLabelsOf,
  podSpecOf,
  readYaml,
  render,
  type Resource,
  WORKLOAD_KINDS,
} from './k8s-render';

const BASE = join(K8S_DIR, 'base');
const OVERLAY = join(K8S_DIR, 'overlays/production-nl');
const ROOT = resolve(K8S_DIR, '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const base = render(BASE);
const nl = render(OVERLAY);
const workloads = (rs: Resource[]) => rs.filter((r) => WORKLOAD_KINDS.includes(r.kind));
const named = (rs: Resource[], kind: string, name: string) => rs.find((r) => r.kind === kind && r.metadata.name === name);
const env = (c: Obj): Record<string, Obj> => Object.fromEntries(((c['env'] as Obj[] | undefined) ?? []).map((e) => [String(e['name']), e]));

describe('k8s manifests', () => {
  it('parse, and every file of the base is listed in its kustomization', () => {
    for (const file of yamlFiles(K8S_DIR)) expect(() => readYaml(file)).not.toThrow();
    const listed = (kustomization(BASE).resources ?? []).sort();
    const present = readdirSync(BASE).filter((n) => n.endsWith('.yaml') && n !== 'kustomization.yaml').sort();
    expect(listed).toEqual(present);
  });

  it('have the workloads of both tiers and the operations jobs', () => {
    expect(workloads(base).map((r) => `${r.kind}/${r.metadata.name}`).sort()).toEqual([
      'CronJob/backup',
      'CronJob/restore-drill',
      'Deployment/auth',
      'Deployment/cms',
      'Deployment/polls',
      'Deployment/stream-edge',
      'Deployment/web',
      'StatefulSet/stream-ingest',
    ]);
    expect(base.every((r) => r.kind === 'Namespace' || r.metadata.namespace === 'webinar')).toBe(true);
  });

  it('run every pod non-root, read-only, without capabilities or a service account token', () => {
    const namespace = named(base, 'Namespace', 'webinar')!;
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const r of workloads(base)) {
      const pod = podSpecOf(r)!;
      const where = `${r.kind}/${r.metadata.name}`;
      expect([where, pod['automountServiceAccountToken']]).toEqual([where, false]);
      expect([where, pod['hostNetwork'] ?? false, pod['hostPID'] ?? false, pod['hostIPC'] ?? false]).toEqual([where, false, false, false]);
      const podSecurity = pod['securityContext'] as Obj;
      expect([where, podSecurity]).toEqual([where, expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })]);
      expect(podSecurity['runAsUser']).not.toBe(0);
      expect(((pod['volumes'] as Obj[] | undefined) ?? []).filter((v) => 'hostPath' in v)).toEqual([]);
      for (const c of containersOf(r)) {
        const at = `${where} container ${String(c['name'])}`;
        expect([at, c['securityContext']]).toEqual([
          at,
          expect.objectContaining({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }),
        ]);
        expect([at, (c['securityContext'] as Obj)['privileged'] ?? false]).toEqual([at, false]);
        const resources = c['resources'] as { requests?: Obj; limits?: Obj };
        expect([at, Object.keys(resources.requests ?? {}).sort(), 'memory' in (resources.limits ?? {})]).toEqual([at, ['cpu', 'memory'], true]);
      }
    }
  });

  it('probe every long-running container; the services on /health/live and /health/ready of their PORT', () => {
    for (const r of base.filter((x) => x.kind === 'Deployment' || x.kind === 'StatefulSet')) {
      for (const c of containersOf(r, ['containers'])) {
        const at = `${r.metadata.name}/${String(c['name'])}`;
        expect([at, Boolean(c['livenessProbe']), Boolean(c['readinessProbe'])]).toEqual([at, true, true]);
        if (String(c['image']) === 'webinar/web') continue; // nginx: TCP probes, explained in web.yaml
        const port = (env(c)['PORT'] as Obj)['value'];
        const ports = (c['ports'] as Obj[]).filter((p) => String(p['containerPort']) === port).map((p) => p['name']);
        const live = (c['livenessProbe'] as Obj)['httpGet'] as Obj;
        const ready = (c['readinessProbe'] as Obj)['httpGet'] as Obj;
        expect([at, live['path'], ready['path']]).toEqual([at, '/health/live', '/health/ready']);
        expect([at, ports]).toEqual([at, [live['port']]]);
        expect(ready['port']).toBe(live['port']);
      }
    }
  });

  describe('rendered for production in the Netherlands', () => {
    const regionLists = ['deployment', 'statefulset', 'cronjob'].map((kind) => {
      const text = readFileSync(join(OVERLAY, `nl-regions-${kind}.yaml`), 'utf8');
      return JSON.stringify(/values: (\[.*\])/.exec(text)?.[1]);
    });

    it('schedules every workload only on nodes of the Dutch regions (one list in all three patches)', () => {
      expect(new Set(regionLists).size).toBe(1);
      // The base has no node affinity, so the patch adds rather than merges into one.
      for (const r of workloads(base)) expect([r.metadata.name, (podSpecOf(r)!['affinity'] as Obj | undefined)?.['nodeAffinity']]).toEqual([r.metadata.name, undefined]);
      const [list] = readYaml(join(OVERLAY, 'nl-regions-deployment.yaml')) as Resource[];
      const regions = (((((podSpecOf(list!)!['affinity'] as Obj)['nodeAffinity'] as Obj)['requiredDuringSchedulingIgnoredDuringExecution'] as Obj)['nodeSelectorTerms'] as Obj[])[0]!['matchExpressions'] as Obj[])[0]!['values'] as string[];
      expect(regions.length).toBeGreaterThan(0);
      expect(workloads(nl)).toHaveLength(workloads(base).length);
      for (const r of workloads(nl)) {
        const required = (((podSpecOf(r)!['affinity'] as Obj | undefined)?.['nodeAffinity'] as Obj | undefined)?.['requiredDuringSchedulingIgnoredDuringExecution'] as Obj | undefined)?.['nodeSelectorTerms'];
        expect([r.metadata.name, required]).toEqual([r.metadata.name, [{ matchExpressions: [{ key: 'topology.kubernetes.io/region', operator: 'In', values: regions }] }]]);
      }
    });

    it('puts every volume claim on the Dutch off-site storage class', () => {
      const [patch] = readYaml(join(OVERLAY, 'nl-storage.yaml')) as Resource[];
      const storageClass = (patch!['spec'] as Obj)['storageClassName'];
      const claims = [
        ...nl.filter((r) => r.kind === 'PersistentVolumeClaim').map((r) => r['spec'] as Obj),
        ...nl.flatMap((r) => (((r['spec'] as Obj | undefined)?.['volumeClaimTemplates'] as Obj[] | undefined) ?? []).map((t) => t['spec'] as Obj)),
      ];
      expect(claims.length).toBeGreaterThan(0);
      for (const claim of claims) expect(claim['storageClassName']).toBe(storageClass);
      expect(readFileSync(join(ROOT, 'docs/operations.md'), 'utf8')).toContain(`\`${String(storageClass)}\``);
    });

    it('pins every image by digest, from images the Dockerfile builds', () => {
      const baseImages = new Set(workloads(base).flatMap((r) => containersOf(r).map((c) => String(c['image']))));
      const overlayImages = new Set((kustomization(OVERLAY).images ?? []).map((i) => i.name));
      expect([...baseImages].sort()).toEqual([...overlayImages].sort());
      for (const image of baseImages) expect(image).toMatch(/^webinar\/(auth|cms|polls|stream|web|backup)$/);
      for (const r of workloads(nl)) {
        for (const c of containersOf(r)) {
          expect(String(c['image'])).toMatch(/^[a-z0-9.-]+\/[a-z0-9/_-]+@sha256:[0-9a-f]{64}$/);
          expect(String(c['image'])).not.toMatch(/:latest/);
        }
      }
    });
  });

  describe('network policies', () => {
    const policies = base.filter((r) => r.kind === 'NetworkPolicy');
    const spec = (p: Resource) => p['spec'] as { podSelector: Obj; policyTypes: string[]; ingress?: Obj[]; egress?: Obj[] };
    const selects = (selector: Obj, labels: Record<string, string>) => {
      const match = (selector['matchLabels'] ?? {}) as Record<string, string>;
      const expressions = (selector['matchExpressions'] ?? []) as { key: string; operator: string; values: string[] }[];
      return Object.entries(match).every(([k, v]) => labels[k] === v) && expressions.every((e) => e.operator === 'In' && e.values.includes(labels[e.key] ?? ''));
    };

    it('deny all ingress and egress by default', () => {
      const deny = policies.find((p) => Object.keys(spec(p).podSelector).length === 0 && !spec(p).ingress && !spec(p).egress);
      expect(deny && spec(deny).policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    });

    it('allow traffic from the internet only to nginx, the ingest and the edge, and none to it', () => {
      const open = (rules: Obj[] | undefined, side: 'from' | 'to') =>
        (rules ?? []).some((rule) => ((rule[side] as Obj[] | undefined) ?? []).some((peer) => (peer['ipBlock'] as Obj | undefined)?.['cidr'] === '0.0.0.0/0'));
      const publicIngress = policies.filter((p) => open(spec(p).ingress, 'from')).map((p) => (spec(p).podSelector['matchLabels'] as Obj)['app.kubernetes.io/name']);
      expect(publicIngress.sort()).toEqual(['stream-edge', 'stream-ingest', 'web']);
      // Egress by address only to single hosts (the mail relay); everything else by pod and namespace.
      const egressBlocks = policies.flatMap((p) => (spec(p).egress ?? []).flatMap((rule) => ((rule['to'] as Obj[] | undefined) ?? []).flatMap((peer) => (peer['ipBlock'] ? [(peer['ipBlock'] as Obj)['cidr']] : []))));
      for (const cidr of egressBlocks) expect(String(cidr)).toMatch(/\/32$/);
    });

    it('let each workload reach only what its configuration points at', () => {
      const egressOf = (labels: Record<string, string>) =>
        policies.filter((p) => selects(spec(p).podSelector, labels)).flatMap((p) => spec(p).egress ?? []).flatMap((rule) =>
          ((rule['to'] as Obj[] | undefined) ?? []).map((peer) => {
            const ns = (((peer['namespaceSelector'] as Obj | undefined)?.['matchLabels'] as Obj | undefined)?.['kubernetes.io/metadata.name'] as string | undefined) ?? 'webinar';
            const pod = (peer['podSelector'] as Obj | undefined)?.['matchLabels'] as Obj | undefined;
            const target = pod ? String(pod['app.kubernetes.io/name'] ?? pod['k8s-app']) : `ip:${String((peer['ipBlock'] as Obj)['cidr'])}`;
            return `${ns}/${target}`;
          }),
        );
      const expected: Record<string, string[]> = {
        auth: ['kube-system/kube-dns', 'webinar-data/postgresql', 'webinar-data/rabbitmq', 'monitoring/opentelemetry-collector', 'webinar/ip:192.0.2.25/32'],
        cms: ['kube-system/kube-dns', 'webinar/auth', 'webinar-data/postgresql', 'webinar-data/rabbitmq', 'monitoring/opentelemetry-collector'],
        polls: ['kube-system/kube-dns', 'webinar/auth', 'webinar-data/postgresql', 'webinar-data/rabbitmq', 'monitoring/opentelemetry-collector'],
        web: ['kube-system/kube-dns', 'webinar/auth', 'webinar/cms', 'webinar/polls'],
        'stream-ingest': ['kube-system/kube-dns', 'webinar/cms', 'webinar-data/rabbitmq', 'monitoring/opentelemetry-collector'],
        'stream-edge': ['kube-system/kube-dns', 'webinar/auth', 'webinar/cms', 'webinar/stream-ingest', 'webinar-data/rabbitmq', 'monitoring/opentelemetry-collector'],
        backup: ['kube-system/kube-dns', 'webinar-data/postgresql'],
        'restore-drill': ['kube-system/kube-dns', 'webinar-data/postgresql'],
      };
      for (const r of workloads(base)) {
        const app = podLabelsOf(r)['app.kubernetes.io/name']!;
        expect([app, egressOf(podLabelsOf(r)).sort()]).toEqual([app, expected[app]!.sort()]);
      }
    });

    it('open ingress only on ports the selected pods declare', () => {
      for (const p of policies) {
        for (const rule of spec(p).ingress ?? []) {
          for (const port of (rule['ports'] as Obj[] | undefined) ?? []) {
            const pods = workloads(base).filter((r) => selects(spec(p).podSelector, podLabelsOf(r)));
            expect(pods.length).toBeGreaterThan(0);
            for (const r of pods) {
              const declared = containersOf(r, ['containers']).flatMap((c) => ((c['ports'] as Obj[] | undefined) ?? []).map((x) => x['containerPort']));
              expect([p.metadata.name, r.metadata.name, declared]).toEqual([p.metadata.name, r.metadata.name, expect.arrayContaining([port['port']])]);
            }
          }
        }
      }
    });
  });

  it('commit no Secret, and document every Secret they reference', () => {
    expect(nl.filter((r) => r.kind === 'Secret')).toEqual([]);
    const text = JSON.stringify(base);
    const referenced = new Set([...text.matchAll(/"(?:secretName|name)":"(webinar-[a-z0-9-]+)"/g)].map((m) => m[1]!).filter((n) => {
      return text.includes(`"secretName":"${n}"`) || text.includes(`"secretKeyRef":{"name":"${n}"`);
    }));
    expect(referenced.size).toBeGreaterThan(8);
    const readme = readFileSync(join(K8S_DIR, 'README.md'), 'utf8');
    for (const name of referenced) expect([name, readme.includes(`\`${name}\``)]).toEqual([name, true]);
  });

  it('back up daily at 03:00 Amsterdam time with only the public key, and drill weekly with the private key', () => {
    const backup = named(base, 'CronJob', 'backup')!;
    const drill = named(base, 'CronJob', 'restore-drill')!;
    expect(backup['spec']).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Europe/Amsterdam', concurrencyPolicy: 'Forbid' });
    expect(drill['spec']).toMatchObject({ timeZone: 'Europe/Amsterdam', concurrencyPolicy: 'Forbid' });
    expect(String((drill['spec'] as Obj)['schedule'])).toMatch(/^\d+ \d+ \* \* [0-6]$/);
    const secretsOf = (r: Resource) => ((podSpecOf(r)!['volumes'] as Obj[]) ?? []).flatMap((v) => (v['secret'] ? [(v['secret'] as Obj)['secretName']] : []));
    expect(secretsOf(backup)).toEqual(['webinar-backup-public-key']);
    expect(secretsOf(drill)).toEqual(['webinar-backup-private-key']);
    const claim = ((podSpecOf(backup)!['volumes'] as Obj[]).find((v) => v['persistentVolumeClaim'])!['persistentVolumeClaim'] as Obj)['claimName'];
    expect(named(base, 'PersistentVolumeClaim', String(claim))).toBeDefined();
    expect(containersOf(backup)[0]!['args']).toEqual(['backup']);
    expect(containersOf(drill)[0]!['args']).toEqual(['drill', '--latest']);
  });

  it('scale the edge on viewer connections and CPU, and budget disruptions of every service', () => {
    const hpa = named(base, 'HorizontalPodAutoscaler', 'stream-edge')!;
    const metrics = (hpa['spec'] as Obj)['metrics'] as Obj[];
    expect(metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Pods', pods: expect.objectContaining({ metric: { name: 'stream_viewer_connections' } }) }),
        expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) }),
      ]),
    );
    const budgets = base.filter((r) => r.kind === 'PodDisruptionBudget').map((r) => r.metadata.name).sort();
    expect(budgets).toEqual(base.filter((r) => r.kind === 'Deployment' || r.kind === 'StatefulSet').map((r) => r.metadata.name).sort());
  });

  it('give nginx/render.mjs every value it needs (the init container would stop the pod otherwise)', () => {
    const values = (named(base, 'ConfigMap', 'web-nginx')!['data'] ?? {}) as Record<string, string>;
    const web = named(base, 'Deployment', 'web')!;
    const init = containersOf(web, ['initContainers'])[0]!;
    expect((init['command'] as string[]).slice(0, 2)).toEqual(['node', '/app/web/nginx/render.mjs']);
    const script = `import { render } from ${JSON.stringify(join(ROOT, 'nginx/render.mjs'))}; import { readFileSync } from 'node:fs';
      const text = render(readFileSync(${JSON.stringify(join(ROOT, 'nginx/webinar.conf.template'))}, 'utf8'), process.env);
      process.stdout.write(text.includes('listen ' + process.env.LISTEN + ' ssl') ? 'ok' : 'no listen');`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'] ?? '', ...values }, encoding: 'utf8' });
    expect(output).toBe('ok');
    expect(relative(ROOT, OVERLAY)).toBe('k8s/overlays/production-nl');
  });
});
