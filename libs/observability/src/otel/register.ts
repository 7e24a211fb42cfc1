// Preload: `node --import <observability>/dist/otel/register.js main.js`. It must run before the app loads
// http, pg or amqplib so that they get instrumented, and import nothing else of this library (no Nest, no pino).
import { startTracing, tracingOptionsFromEnv } from './tracing';

startTracing(tracingOptionsFromEnv(process.env));
