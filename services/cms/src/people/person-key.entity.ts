import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/**
 * A person's key salt. Their field keys are HKDF(master key, salt, "field:" + user id), so deleting
 * this row (erasure) makes every ciphertext sealed for them unreadable — in this database, in its
 * backups and in any copy — without having to find those copies (crypto-shredding).
 */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.personKeys })
export class PersonKey {
  @PrimaryColumn('uuid', { name: 'company_id', primaryKeyConstraintName: 'PK_person_keys' })
  companyId!: string;

  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_person_keys' })
  userId!: string;

  @Column('bytea')
  salt!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
