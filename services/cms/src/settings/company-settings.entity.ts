import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PlaybackProtocol } from '@webinar/contracts';
import { CMS_SCHEMA } from '../cms.constants';

/** A company's settings; a company without a row has the defaults. */
@Entity({ schema: CMS_SCHEMA, name: 'company_settings' })
export class CompanySettings {
  @PrimaryColumn('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('text', { name: 'playback_protocols', array: true })
  playbackProtocols!: PlaybackProtocol[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
