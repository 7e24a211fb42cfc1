import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

export const LINK_PURPOSES = ['login', 'invitation'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/**
 * One issued link. The token itself is never stored: only SHA-256 of its 128-bit nonce, so a copy of
 * this table cannot be turned into working links. `consumed_at` is set by one atomic UPDATE.
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.links })
@Check('CK_links_purpose', `"purpose" IN ('login', 'invitation')`)
@Index('IX_links_user_purpose', ['userId', 'purpose'])
export class LoginLink {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  purpose!: LinkPurpose;

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
