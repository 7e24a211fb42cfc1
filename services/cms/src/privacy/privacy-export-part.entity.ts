import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/** One service's answer to an export, stored as it arrived: a JWE only the export's private key opens. */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.privacyExportParts })
export class PrivacyExportPart {
  @PrimaryColumn('uuid', { name: 'export_id', primaryKeyConstraintName: 'PK_privacy_export_parts' })
  exportId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_privacy_export_parts' })
  service!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('text')
  jwe!: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
