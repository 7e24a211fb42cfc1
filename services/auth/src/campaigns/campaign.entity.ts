import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

/**
 * A campaign invitation: a public link (`/auth/campaign/<id>`) an admin puts on a website or in a
 * newsletter for one seminar. Answering it only ever mails a link; the link grants nothing by itself.
 * `accounts_created` counts accounts made through it and is raised by one atomic UPDATE that also
 * enforces `signup_cap`. Under row-level security on `company_id`.
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.campaigns })
@Check('CK_campaigns_cap', `"signup_cap" IS NULL OR "signup_cap" > 0`)
@Check('CK_campaigns_accounts_created', `"accounts_created" >= 0`)
@Index('IX_campaigns_company', ['companyId'])
export class Campaign {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  /** The seminar it advertises (cms owns seminars; registering there checks the company). */
  @Column('uuid', { name: 'seminar_id' })
  seminarId!: string;

  @Column('text')
  label!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('int', { name: 'signup_cap', nullable: true })
  signupCap!: number | null;

  @Column('int', { name: 'accounts_created', default: 0 })
  accountsCreated!: number;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
