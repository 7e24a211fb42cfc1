// Routes what TypeORM has to say into the service's structured logger. Query text and parameters are
// never logged here (parameters can hold secrets); failed queries reach the caller as errors.
import type { Logger } from 'typeorm';
import type { PersistenceLogger } from './options';

export class TypeormLogger implements Logger {
  constructor(
    private readonly logger: PersistenceLogger | undefined,
    private readonly service: string,
  ) {}

  logQuery(): void {}

  logQueryError(): void {}

  logQuerySlow(time: number): void {
    this.logger?.warn({ service: this.service, durationMs: time }, 'slow database query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger?.info({ service: this.service }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn')
      this.logger?.warn({ service: this.service, detail: String(message) }, 'database warning');
  }
}
