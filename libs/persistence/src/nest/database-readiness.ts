// The database's readiness check, for whoever wires checks into the health endpoint.
import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../options';
import { DATABASE } from './tokens';

@Injectable()
export class DatabaseReadiness {
  readonly name = 'database';

  constructor(@Inject(DATABASE) private readonly database: Database) {}

  check(): Promise<void> {
    return this.database.ping();
  }
}
