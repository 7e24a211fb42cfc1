import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/**
 * What cms knows about a person in one company: the profile of the registration form and of the
 * self-service page. Every personal field is stored only encrypted (FieldCipher under the person's own
 * key, see `person-key.entity.ts`); `key_kid` names the master key it was sealed with. The contact
 * e-mail also has a keyed blind index so an admin can find a registrant by address.
 */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.people })
@Index('IDX_people_company_email_index', ['companyId', 'emailIndex'])
export class Person {
  @PrimaryColumn('uuid', { name: 'company_id', primaryKeyConstraintName: 'PK_people' })
  companyId!: string;

  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'PK_people' })
  userId!: string;

  @Column('text', { name: 'display_name_cipher' })
  displayNameCipher!: string;

  @Column('text', { name: 'organisation_cipher', nullable: true })
  organisationCipher!: string | null;

  @Column('text', { name: 'job_title_cipher', nullable: true })
  jobTitleCipher!: string | null;

  @Column('text', { name: 'email_cipher', nullable: true })
  emailCipher!: string | null;

  @Column('text', { name: 'email_index', nullable: true })
  emailIndex!: string | null;

  @Column('text', { name: 'key_kid' })
  keyKid!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
