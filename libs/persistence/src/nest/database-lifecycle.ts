import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Database } from '../options';
import { DATABASE } from './tokens';

/** Closes the service's database (and its share of the embedded engine) when the app shuts down. */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
