import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { PlaybackProtocol } from '@webinar/contracts';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/** A company's settings; a company without a row has the defaults. */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.companySettings })
export class CompanySettings {
  @PrimaryColumn('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('text', { name: 'playback_protocols', array: true })
  playbackProtocols!: PlaybackProtocol[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
