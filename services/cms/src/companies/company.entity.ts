import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/** A tenant. Its own row is company data too, so row-level security applies to it (id = tenant). */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.companies })
// Names are unique case-insensitively: an expression index TypeORM cannot express (see migration).
@Index('UQ_companies_name', { synchronize: false })
export class Company {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
