// The auth process's environment, validated at boot (one schema per service).
import { port } from '@webinar/config';
import { serviceBaseSchema } from '@webinar/http';
import { z } from 'zod';

export const authConfigSchema = serviceBaseSchema.extend({
  PORT: port(3001),
  /** Folder of auth's key sets (generated at first start unless the operator supplies them). */
  KEYS_DIR: z.string().min(1).optional().describe('a folder for key sets (default: <DATA_DIR>/keys)'),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;
