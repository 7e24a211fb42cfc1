import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';
import type { SeminarState } from './seminar-state';

/** A seminar of one company (row-level security on company_id). */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.seminars })
@Index('IDX_seminars_company_starts', ['companyId', 'startsAt'])
export class Seminar {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('text')
  title!: string;

  @Column('text', { default: '' })
  description!: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  /** IANA zone the schedule is presented in; instants are stored in UTC. */
  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  @Column('integer')
  capacity!: number;

  /** Active registrations, kept in the row so a conditional UPDATE enforces capacity atomically. */
  @Column('integer', { name: 'registered_count', default: 0 })
  registeredCount!: number;

  @Column('text', { default: 'draft' })
  state!: SeminarState;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
