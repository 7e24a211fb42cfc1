import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

export const SEMINAR_ROLES = ['presenter', 'moderator'] as const;
export type SeminarRole = (typeof SEMINAR_ROLES)[number];

/** A per-seminar right given by the company's admin; withdrawing deletes the row. */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.grants })
@Index('UQ_grants_seminar_user_role', ['seminarId', 'userId', 'role'], { unique: true })
export class Grant {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('uuid', { name: 'seminar_id' })
  seminarId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  role!: SeminarRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
