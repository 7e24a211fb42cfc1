// Secret fields are tagged in a registry of our own rather than in zod's global one, so that no other
// library's use of `.meta()` can mark or unmark a field by accident.
import { z } from 'zod';
import { findInLayers } from './schema-introspection';

interface SecretMeta {
  secret: true;
}

const secretRegistry = z.registry<SecretMeta>();

/** Marks a config field as secret: its value never appears in errors nor in `redactedConfig`. */
export function secret<T extends z.ZodType>(schema: T): T {
  secretRegistry.add(schema, { secret: true });
  return schema;
}

export function isSecret(schema: z.core.$ZodType): boolean {
  // `get` follows clones (`.describe()`, `.refine()` of a secret schema stay secret); the layer walk
  // follows wrappers (`secret(x).default(...)`).
  return (
    findInLayers(schema, (layer) => (secretRegistry.get(layer)?.secret === true ? true : undefined)) === true
  );
}
