export { ConfigError, type ConfigIssue } from './config-error';
export { EX_CONFIG, exitOnConfigError } from './exit-on-config-error';
export {
  booleanFlag,
  csvList,
  dataDir,
  durationSeconds,
  host,
  LOG_LEVELS,
  logLevel,
  type LogLevel,
  optionalUrl,
  port,
  url,
} from './fields';
export { loadConfig } from './load-config';
export { redactedConfig, SECRET_PLACEHOLDER } from './redacted-config';
export { isSecret, secret } from './secret';
