import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/**
 * A stream key as issued: its id is the JWT's jti; only the SHA-256 of the key is kept, so the key
 * itself is shown once and a database leak reveals nothing usable.
 */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.streamKeys })
@Index('IDX_stream_keys_seminar_presenter', ['seminarId', 'presenterId'])
export class StreamKey {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('uuid', { name: 'seminar_id' })
  seminarId!: string;

  @Column('uuid', { name: 'presenter_id' })
  presenterId!: string;

  @Column('text', { name: 'key_hash' })
  keyHash!: string;

  @Column('timestamptz', { name: 'valid_from' })
  validFrom!: Date;

  @Column('timestamptz', { name: 'valid_until' })
  validUntil!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
