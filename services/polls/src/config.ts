import { serviceBaseSchema } from '@webinar/http';
import { port, url } from '@webinar/config';
import type { z } from 'zod';

export const pollsConfigSchema = serviceBaseSchema.extend({
  PORT: port(3003),
  AUTH_JWKS_URL: url(['http:', 'https:']).describe("the URL of auth's /auth/.well-known/jwks.json"),
});
export type PollsConfig = z.infer<typeof pollsConfigSchema>;
