import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

/**
 * auth's own record of a company created in cms: invitations and admin accounts refer to it.
 * Filled only from `cms.company.created.v1`; auth never reads cms's tables.
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.companies })
export class KnownCompany {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @CreateDateColumn({ name: 'learned_at', type: 'timestamptz' })
  learnedAt!: Date;
}
