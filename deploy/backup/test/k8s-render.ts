// A small renderer for k8s/: reads a kustomization's resources, and applies what our overlay uses
// (namespace, patches with a kind target, images). Not kustomize: it implements exactly the subset
// the manifests use (`labels` is read but not applied: it adds metadata labels, which nothing here
// checks), and it fails on any other kustomization field, so the overlay cannot grow a feature that
// the tests would silently skip.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type Obj = Record<string, unknown>;
export interface Resource extends Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> } & Obj;
}

export const K8S_DIR = resolve(__dirname, '../../../k8s');
const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'labels', 'resources', 'patches', 'images']);

export function readYaml(file: string): Obj[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const errors = docs.flatMap((d) => d.errors.map((e) => `${file}: ${e.message}`));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return docs.map((d) => d.toJS() as Obj).filter((d) => d !== null);
}

interface Kustomization {
  namespace?: string;
  resources?: string[];
  patches?: { path: string; target: { kind: string } }[];
  images?: { name: string; newName?: string; digest?: string; newTag?: string }[];
}

export function kustomization(dir: string): Kustomization & Obj {
  const [k] = readYaml(join(dir, 'kustomization.yaml'));
  const unknown = Object.keys(k ?? {}).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) throw new Error(`${dir}/kustomization.yaml uses ${unknown.join(', ')}, which k8s-render.ts does not implement`);
  return k as Kustomization & Obj;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);

/** Strategic-merge for what our patches touch: maps merge, everything else is replaced. */
export function merge(target: unknown, patch: unknown): unknown {
  if (typeof target === 'object' && target !== null && !Array.isArray(target) && typeof patch === 'object' && patch !== null && !Array.isArray(patch)) {
    const out: Obj = { ...(target as Obj) };
    for (const [key, value] of Object.entries(patch as Obj)) out[key] = merge(out[key], value);
    return out;
  }
  return structuredClone(patch);
}

export function render(dir: string): Resource[] {
  const k = kustomization(dir);
  let resources: Resource[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    resources.push(...(entry.endsWith('.yaml') ? (readYaml(path) as Resource[]) : render(path)));
  }
  if (k.namespace) {
    resources = resources.map((r) => (CLUSTER_SCOPED.has(r.kind) ? r : { ...r, metadata: { ...r.metadata, namespace: k.namespace } }));
  }
  for (const patch of k.patches ?? []) {
    const [body] = readYaml(resolve(dir, patch.path)) as Resource[];
    if (!body || body.kind !== patch.target.kind) throw new Error(`${patch.path} is not a ${patch.target.kind} patch`);
    const { metadata: _ignored, ...rest } = body;
    resources = resources.map((r) => (r.kind === patch.target.kind ? (merge(r, rest) as Resource) : r));
  }
  for (const image of k.images ?? []) {
    for (const r of resources) {
      for (const c of containersOf(r)) {
        const name = String(c['image']).replace(/[:@].*$/, '');
        if (name !== image.name) continue;
        const ref = image.newName ?? image.name;
        c['image'] = image.digest ? `${ref}@${image.digest}` : `${ref}:${image.newTag ?? 'latest'}`;
      }
    }
  }
  return resources;
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];

export function podSpecOf(r: Resource): Obj | undefined {
  const spec = r['spec'] as Obj | undefined;
  if (!spec) return undefined;
  if (r.kind === 'CronJob') return ((((spec['jobTemplate'] as Obj)['spec'] as Obj)['template'] as Obj)['spec'] as Obj);
  if (WORKLOAD_KINDS.includes(r.kind)) return (spec['template'] as Obj)['spec'] as Obj;
  return undefined;
}

export function podLabelsOf(r: Resource): Record<string, string> {
  const spec = r['spec'] as Obj;
  const template = (r.kind === 'CronJob' ? ((spec['jobTemplate'] as Obj)['spec'] as Obj)['template'] : spec['template']) as Obj;
  return ((template['metadata'] as Obj)['labels'] ?? {}) as Record<string, string>;
}

export function containersOf(r: Resource, which: ('containers' | 'initContainers')[] = ['containers', 'initContainers']): Obj[] {
  const pod = podSpecOf(r);
  if (!pod) return [];
  return which.flatMap((key) => (pod[key] as Obj[] | undefined) ?? []);
}
