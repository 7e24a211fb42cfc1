import { serviceBaseSchema } from '@webinar/http';
import { port, url } from '@webinar/config';
import { z } from 'zod';

/** How often dirty room snapshots (poll results, the question queue) are rebuilt and published. */
export const DEFAULT_ROOM_SNAPSHOT_INTERVAL_MS = 250;

export const pollsConfigSchema = serviceBaseSchema.extend({
  PORT: port(3003),
  AUTH_JWKS_URL: url(['http:', 'https:']).describe("the URL of auth's /auth/.well-known/jwks.json"),
  ROOM_SNAPSHOT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(5_000)
    .default(DEFAULT_ROOM_SNAPSHOT_INTERVAL_MS)
    .describe('milliseconds between two snapshots of one poll or question queue, from 50 to 5000'),
});
export type PollsConfig = z.infer<typeof pollsConfigSchema>;
