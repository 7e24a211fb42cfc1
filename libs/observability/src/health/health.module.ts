import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import {
  DEFAULT_READINESS_TIMEOUT_MS,
  HEALTH_OPTIONS,
  type HealthOptions,
  READINESS_CHECKS,
  type ReadinessCheck,
  ReadinessRegistry,
} from './readiness';

export interface HealthModuleOptions {
  /** Checks known when the app is assembled; modules can add theirs later through `ReadinessRegistry`. */
  checks?: ReadinessCheck[];
  timeoutMs?: number;
  onCheckFailed?: HealthOptions['onCheckFailed'];
}

@Module({})
export class HealthModule {
  /**
   * `GET /health/live` and `GET /health/ready`. Global, so that any module can inject `ReadinessRegistry` to
   * register its checks without importing this module.
   */
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const healthOptions: HealthOptions = {
      timeoutMs: options.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS,
      ...(options.onCheckFailed ? { onCheckFailed: options.onCheckFailed } : {}),
    };
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: READINESS_CHECKS, useValue: options.checks ?? [] },
        { provide: HEALTH_OPTIONS, useValue: healthOptions },
        ReadinessRegistry,
      ],
      exports: [ReadinessRegistry],
    };
  }
}
