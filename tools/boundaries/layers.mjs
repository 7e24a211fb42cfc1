// Layers inside a service. A service's feature folders (services/<s>/src/<feature>/) form layers:
// a lower feature (users, seminars) never imports a higher one (links, grants) back, so the graph of
// "feature A imports feature B" has no cycle. Files at src/ root are either shared kernel (constants,
// tls-profile.ts) or the composition root (<service>.module.ts, main.ts, service wiring), and the
// composition root is imported by nothing inside a feature: a CLI or a consumer that needs the
// database builds it from the feature's own parts, it does not pull the whole module in.
// Input: dependency-cruiser's modules; output: one line per violation.

const FEATURE = /^((?:services)\/[^/]+\/src)\/([^/]+)\/.+/;
const COMPOSITION_ROOT = /^services\/[^/]+\/src\/[^/]+\.module\.ts$/;
const isTest = (path) => /\.(int-)?spec\.ts$|\/test\//.test(path);

function featureOf(path) {
  const match = FEATURE.exec(path);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** Strongly connected components with more than one feature (Tarjan). */
function cycles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Violations of the layer rules among `modules` (dependency-cruiser's output.modules). */
export function layerViolations(modules) {
  const graph = new Map();
  const imports = new Map(); // "a -> b" => file-level imports behind that feature edge
  const violations = [];
  for (const module of modules) {
    if (isTest(module.source)) continue;
    const from = featureOf(module.source);
    for (const dependency of module.dependencies) {
      const target = dependency.resolved;
      if (from && COMPOSITION_ROOT.test(target)) {
        violations.push(`no-feature-to-composition-root: ${module.source} -> ${target}`);
      }
      const to = featureOf(target);
      if (!from || !to || from === to || from.split('/src')[0] !== to.split('/src')[0]) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      if (!graph.has(to)) graph.set(to, new Set());
      graph.get(from).add(to);
      const key = `${from} -> ${to}`;
      if (!imports.has(key)) imports.set(key, []);
      imports.get(key).push(`${module.source} -> ${target}`);
    }
  }
  for (const component of cycles(graph)) {
    const inside = [...imports].filter(([key]) => {
      const [a, b] = key.split(' -> ');
      return component.includes(a) && component.includes(b);
    });
    const files = inside.flatMap(([, list]) => list).join('; ');
    violations.push(`no-feature-cycle: ${component.map((f) => f.replace(/^.*\/src\//, '')).join(' <-> ')} (${files})`);
  }
  return violations;
}
