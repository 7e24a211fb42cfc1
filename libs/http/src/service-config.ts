// Variables every service process reads; each service extends this with its own (one schema per
// service, validated at boot).
import { booleanFlag, dataDir, host, logLevel, optionalUrl, port } from '@webinar/config';
import { z } from 'zod';

/** `iss` of every access token; auth signs with it and every service checks it. */
export const ACCESS_TOKEN_ISSUER = 'webinar-auth';

export const serviceBaseSchema = z.object({
  HOST: host('127.0.0.1'),
  PORT: port(3000),
  /** Prometheus metrics on an internal port; 0 turns the endpoint off. */
  METRICS_PORT: port(0),
  METRICS_HOST: host('127.0.0.1'),
  DATA_DIR: dataDir(),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  AMQP_URL: optionalUrl(['amqp:', 'amqps:']),
  LOG_LEVEL: logLevel(),
  /** Behind nginx: take the client address from X-Forwarded-For. */
  TRUST_PROXY: booleanFlag(false),
});
export type ServiceBaseConfig = z.infer<typeof serviceBaseSchema>;
