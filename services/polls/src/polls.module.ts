import { type DynamicModule, Module } from '@nestjs/common';
import { databaseReadinessProvider, messageConsumersProvider, outboxRelayProvider } from '@webinar/http';
import { PersistenceModule, type DatabaseOptions } from '@webinar/persistence';
import { pollsMigrations } from './migrations';
import { POLLS_SCHEMA } from './polls.constants';
import { PollsPrivacyConsumer } from './privacy/privacy.consumer';

export interface PollsModuleOptions {
  databaseUrl?: string;
  dataDir: string;
}

export function pollsDatabase(opts: PollsModuleOptions): DatabaseOptions {
  return {
    service: 'polls',
    schema: POLLS_SCHEMA,
    entities: [],
    migrations: pollsMigrations,
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  };
}

/** Polls and questionnaires with per-person encrypted answers. Not built yet: only the shell. */
@Module({})
export class PollsModule {
  static register(opts: PollsModuleOptions): DynamicModule {
    return {
      module: PollsModule,
      imports: [PersistenceModule.forService(pollsDatabase(opts))],
      providers: [outboxRelayProvider(POLLS_SCHEMA), ...messageConsumersProvider(POLLS_SCHEMA), databaseReadinessProvider('polls'), PollsPrivacyConsumer],
    };
  }
}
