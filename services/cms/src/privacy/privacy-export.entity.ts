import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/**
 * One person's request for "everything held about me". Other services answer with parts encrypted to
 * the export's ephemeral public key; its private key is kept here sealed under the person's own key
 * (`private_key_cipher`) and is dropped, with the parts, once the export is delivered or expires.
 */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.privacyExports })
@Index('IDX_privacy_exports_person', ['companyId', 'userId'])
export class PrivacyExport {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_privacy_exports' })
  id!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  /** Services whose part completes the export (cms's own part is gathered at delivery). */
  @Column('text', { name: 'expected_services', array: true })
  expectedServices!: string[];

  @Column('text', { name: 'private_key_cipher', nullable: true })
  privateKeyCipher!: string | null;

  @Column('text', { name: 'key_kid', nullable: true })
  keyKid!: string | null;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;
}
