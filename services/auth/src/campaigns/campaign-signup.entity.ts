import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

/**
 * One sign-up link mailed in answer to a campaign. No account exists yet: the address is kept
 * encrypted (FieldCipher, the row id bound as associated data) with its blind index, and only SHA-256
 * of the link's nonce is stored. Redeeming it creates the account, or signs into the account the
 * address has meanwhile. Under row-level security on `company_id` (the campaign's company).
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.campaignSignups })
@Index('IX_campaign_signups_campaign_email', ['campaignId', 'emailIndex'])
export class CampaignSignup {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  @Column('uuid', { name: 'company_id' })
  companyId!: string;

  @Column('text', { name: 'email_cipher' })
  emailCipher!: string;

  @Column('text', { name: 'email_kid' })
  emailKid!: string;

  @Column('text', { name: 'email_index' })
  emailIndex!: string;

  @Column('text', { name: 'nonce_hash' })
  nonceHash!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'consumed_at', nullable: true })
  consumedAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('int', { name: 'failed_attempts', default: 0 })
  failedAttempts!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
