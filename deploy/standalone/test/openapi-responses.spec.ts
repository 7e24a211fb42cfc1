// The committed OpenAPI documents describe answers, not only requests: every operation names its
// success answer (`@Responds`: a JSON schema, or no body for a 204) and every error status it may
// answer with the Problem body and the enum of its codes. Documents are found on disk, so a service
// added tomorrow is checked; the drift check (tools/openapi.mjs --check) keeps them what the services
// serve, so a route added without `@Responds` fails here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

interface ResponseObject {
  description?: string;
  content?: { 'application/json'?: { schema?: { $ref?: string; allOf?: [{ $ref?: string }, { properties?: { code?: { enum?: string[] } } }] } } };
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
}

/** `METHOD /path status` → why its answer is not the Problem body. */
const ERROR_STATUSES_WITH_ANOTHER_BODY: Readonly<Record<string, string>> = {
  'GET /health/ready 503': 'the readiness report (which check is down), what load balancers and operators read',
};

const documents = readdirSync(join(root, 'services'))
  .filter((name) => existsSync(join(root, 'services', name, 'openapi.json')))
  .map((name) => ({ name, document: JSON.parse(readFileSync(join(root, 'services', name, 'openapi.json'), 'utf8')) as Document }));

function operations(): { where: string; responses: Record<string, ResponseObject> }[] {
  return documents.flatMap(({ name, document }) =>
    Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ where: `${name}: ${method.toUpperCase()} ${path}`, responses: operation.responses })),
    ),
  );
}

const route = (where: string): string => where.slice(where.indexOf(': ') + 2);

describe('the committed OpenAPI documents', () => {
  it('are there for the web-tier services', () => {
    expect(documents.map((d) => d.name).sort()).toEqual(expect.arrayContaining(['auth', 'cms', 'polls']));
    expect(operations().length).toBeGreaterThan(40);
  });

  it('give every operation a success answer with a body schema, or a 204 without one', () => {
    const missing: string[] = [];
    for (const { where, responses } of operations()) {
      const successes = Object.keys(responses).filter((status) => status.startsWith('2'));
      if (successes.length === 0) missing.push(`${where}: no success answer (add @Responds)`);
      for (const status of successes) {
        const schema = responses[status]?.content?.['application/json']?.schema;
        if (status === '204' ? schema !== undefined : schema === undefined) missing.push(`${where} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('give every error status the Problem body and at least one code, and every operation 400 and 500', () => {
    const wrong: string[] = [];
    for (const { where, responses } of operations()) {
      for (const required of ['400', '500']) if (!responses[required]) wrong.push(`${where}: no ${required}`);
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]/.test(status) || `${route(where)} ${status}` in ERROR_STATUSES_WITH_ANOTHER_BODY) continue;
        const schema = response.content?.['application/json']?.schema;
        const codes = schema?.allOf?.[1]?.properties?.code?.enum ?? [];
        if (schema?.allOf?.[0]?.$ref !== '#/components/schemas/Problem' || codes.length === 0) wrong.push(`${where} ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
