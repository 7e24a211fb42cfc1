// Tracing
export { type SpanLine, SpansFileExporter, toSpanLine } from './otel/spans-file-exporter';
export { shutdownTracing, startTracing, type TracingOptions, tracingOptionsFromEnv } from './otel/tracing';
// Logging
export { createLogger, type Logger, type LoggerOptions, REDACTED_PATHS } from './logging/create-logger';
export { type TraceContextFields, traceContextFields } from './logging/trace-context-mixin';
export { REDACTED_SEGMENT, redactPath, redactUrl } from './redaction/redact-url';
export { isSensitiveKey, REDACTED, redactSensitiveKeys } from './redaction/sensitive-keys';
export { looksLikeToken } from './redaction/token-like';
// Metrics
export { createMetrics, type HttpMetricLabel, type Metrics } from './metrics/create-metrics';
export { type MetricsServer, type MetricsServerOptions, startMetricsServer } from './metrics/metrics-server';
export { instrumentFastify, type InstrumentFastifyOptions, UNMATCHED_ROUTE } from './http/instrument-fastify';
// Health
export { HealthController } from './health/health.controller';
export { HealthModule, type HealthModuleOptions } from './health/health.module';
export { PUBLIC_ROUTE_METADATA_KEY, PublicRoute } from './health/public-route';
export {
  type CheckState,
  DEFAULT_READINESS_TIMEOUT_MS,
  DuplicateReadinessCheckError,
  HEALTH_OPTIONS,
  type HealthOptions,
  READINESS_CHECKS,
  type ReadinessCheck,
  ReadinessRegistry,
  type ReadinessReport,
} from './health/readiness';
