import { type DynamicModule, Module } from '@nestjs/common';
import { databaseReadinessProvider, messageConsumersProvider, outboxRelayProvider } from '@webinar/http';
import { PersistenceModule, type DatabaseOptions } from '@webinar/persistence';
import { RoomAccess } from './access/room-access';
import { DEFAULT_ROOM_SNAPSHOT_INTERVAL_MS } from './config';
import { pollsMigrations } from './migrations';
import { ShownNameController } from './names/shown-name.controller';
import { ShownNames } from './names/shown-names';
import { ShownNamesStore } from './names/shown-names-store';
import { POLLS_SCHEMA } from './polls.constants';
import { PersonDataRegistry } from './privacy/person-data-registry';
import { PollsPrivacyConsumer } from './privacy/privacy.consumer';
import { GrantsStore } from './replicas/grants-store';
import { RegistrationsStore } from './replicas/registrations-store';
import { ReplicasConsumer } from './replicas/replicas.consumer';
import { SeminarsStore } from './replicas/seminars-store';
import { RoomPublisher } from './room/room-publisher';
import { RoomRevisionsStore } from './room/room-revisions-store';
import { ROOM_SNAPSHOT_SETTINGS, RoomSnapshots } from './room/room-snapshots';
import { CompanyKeysStore } from './vault/company-keys-store';
import { PersonSaltsStore } from './vault/person-salts-store';
import { pollsMasterKeysProvider } from './vault/polls-keys';
import { RoomVault } from './vault/room-vault';

export interface PollsModuleOptions {
  databaseUrl?: string;
  dataDir: string;
  /** ROOM_SNAPSHOT_INTERVAL_MS (config.ts); the default when absent. */
  snapshotIntervalMs?: number;
}

export function pollsDatabase(opts: Pick<PollsModuleOptions, 'databaseUrl' | 'dataDir'>): DatabaseOptions {
  return {
    service: 'polls',
    schema: POLLS_SCHEMA,
    entities: [],
    migrations: pollsMigrations,
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  };
}

/** The stores: the only code that queries polls's tables (tools/check-stores.mjs). */
const STORES = [SeminarsStore, RegistrationsStore, GrantsStore, CompanyKeysStore, PersonSaltsStore, ShownNamesStore, RoomRevisionsStore];

/**
 * The live room (polls, questionnaires, Q&A, chat), encrypted per person. Today: its foundation —
 * replicas of cms, the room access policy, the vault, the privacy registry, the room publisher and
 * the snapshot coalescer, shown names (docs/live-room.md).
 */
@Module({})
export class PollsModule {
  static register(opts: PollsModuleOptions): DynamicModule {
    return {
      module: PollsModule,
      imports: [PersistenceModule.forService(pollsDatabase(opts))],
      controllers: [ShownNameController],
      providers: [
        outboxRelayProvider(POLLS_SCHEMA),
        ...messageConsumersProvider(POLLS_SCHEMA),
        databaseReadinessProvider('polls'),
        pollsMasterKeysProvider(opts.dataDir),
        { provide: ROOM_SNAPSHOT_SETTINGS, useValue: { intervalMs: opts.snapshotIntervalMs ?? DEFAULT_ROOM_SNAPSHOT_INTERVAL_MS } },
        ...STORES,
        RoomVault,
        RoomAccess,
        PersonDataRegistry,
        RoomPublisher,
        RoomSnapshots,
        ShownNames,
        ReplicasConsumer,
        PollsPrivacyConsumer,
      ],
      exports: [RoomAccess, RoomVault, PersonDataRegistry, RoomPublisher, RoomSnapshots, ShownNames],
    };
  }
}
