import { Inject, Injectable } from '@nestjs/common';
import { PLAYBACK_PROTOCOLS } from '@webinar/contracts';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { companyOf } from '../tenancy/tenant-of';
import type { SettingsBody, SettingsView } from './settings.schemas';
import { SettingsStore } from './settings-store';

@Injectable()
export class SettingsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly store: SettingsStore,
  ) {}

  async get(identity: AccessIdentity): Promise<SettingsView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => ({
      playbackProtocols: await this.store.playbackProtocolsOf(manager, companyId),
    }));
  }

  async update(identity: AccessIdentity, body: SettingsBody): Promise<SettingsView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      // Kept in the players' preference order whatever order the admin sent.
      const playbackProtocols = PLAYBACK_PROTOCOLS.filter((p) => body.playbackProtocols.includes(p));
      await this.store.savePlaybackProtocols(manager, companyId, playbackProtocols);
      return { playbackProtocols };
    });
  }
}
