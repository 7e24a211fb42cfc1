import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/** One person's place in one seminar; cancelling keeps the row (cancelled_at) so re-registering reuses it. */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.registrations })
@Index('UQ_registrations_seminar_user', ['seminarId', 'userId'], { unique: true })
export class Registration {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('uuid', { name: 'seminar_id' })
  seminarId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;
}
