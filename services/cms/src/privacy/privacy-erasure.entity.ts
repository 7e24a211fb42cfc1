import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/**
 * An erasure request and which services have completed it. Deliberately holds no user id: once the
 * person is erased, nothing here leads back to them; the request id is the only handle (also in the
 * audit log).
 */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.privacyErasures })
export class PrivacyErasure {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_privacy_erasures' })
  id!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('text', { name: 'expected_services', array: true })
  expectedServices!: string[];

  /** Service → outcome ("erased", "nothing-held", "unknown-person"), cms's own included. */
  @Column('jsonb')
  outcomes!: Record<string, string>;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
