import { Inject, Injectable } from '@nestjs/common';
import { PLAYBACK_PROTOCOLS, type PlaybackProtocol } from '@webinar/contracts';
import { DATABASE, type Database, withTenant } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { companyOf } from '../tenancy/tenant-of';
import { CompanySettings } from './company-settings.entity';
import type { SettingsBody, SettingsView } from './settings.schemas';

/** The protocols a company's viewers may use; all of them unless the admin narrowed it. */
export async function playbackProtocolsOf(manager: EntityManager, companyId: string): Promise<PlaybackProtocol[]> {
  const row = await manager.findOneBy(CompanySettings, { companyId });
  return row ? PLAYBACK_PROTOCOLS.filter((p) => row.playbackProtocols.includes(p)) : [...PLAYBACK_PROTOCOLS];
}

@Injectable()
export class SettingsService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async get(identity: AccessIdentity): Promise<SettingsView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => ({
      playbackProtocols: await playbackProtocolsOf(manager, companyId),
    }));
  }

  async update(identity: AccessIdentity, body: SettingsBody): Promise<SettingsView> {
    const companyId = companyOf(identity);
    return withTenant(this.database.dataSource, { companyId }, async (manager) => {
      // Kept in the players' preference order whatever order the admin sent.
      const playbackProtocols = PLAYBACK_PROTOCOLS.filter((p) => body.playbackProtocols.includes(p));
      await manager.upsert(CompanySettings, { companyId, playbackProtocols }, ['companyId']);
      return { playbackProtocols };
    });
  }
}
