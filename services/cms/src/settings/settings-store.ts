// The one home of cms.company_settings: one row per company, absent until an admin changes a default.
import { Injectable } from '@nestjs/common';
import { PLAYBACK_PROTOCOLS, type PlaybackProtocol } from '@webinar/contracts';
import type { EntityManager } from 'typeorm';
import { CompanySettings } from './company-settings.entity';

@Injectable()
export class SettingsStore {
  /** The protocols a company's viewers may use; all of them unless the admin narrowed it. */
  async playbackProtocolsOf(manager: EntityManager, companyId: string): Promise<PlaybackProtocol[]> {
    const row = await manager.findOneBy(CompanySettings, { companyId });
    return row ? PLAYBACK_PROTOCOLS.filter((p) => row.playbackProtocols.includes(p)) : [...PLAYBACK_PROTOCOLS];
  }

  async savePlaybackProtocols(manager: EntityManager, companyId: string, playbackProtocols: PlaybackProtocol[]): Promise<void> {
    await manager.upsert(CompanySettings, { companyId, playbackProtocols }, ['companyId']);
  }
}
