import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

/** How a session was opened: a link (mailbox control) or password + second factor (TOTP/recovery code). */
export const SESSION_AMRS = ['link', 'pwd+otp'] as const;
export type SessionAmr = (typeof SESSION_AMRS)[number];

/**
 * A browser session. `id` is a public handle (listing, revoking, the `sid` of access tokens); the
 * cookie's secret is a separate 256-bit value of which only the SHA-256 is stored.
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.sessions })
@Index('IX_sessions_user', ['userId'])
@Check('CK_sessions_amr', `"amr" IN ('link', 'pwd+otp')`)
export class Session {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('UQ_sessions_token_hash', { unique: true })
  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;

  @Column('timestamptz', { name: 'idle_expires_at' })
  idleExpiresAt!: Date;

  @Column('timestamptz', { name: 'absolute_expires_at' })
  absoluteExpiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** Only `pwd+otp` yields access tokens with `mfa: true`; the default grants the least. */
  @Column('text', { default: 'link' })
  amr!: SessionAmr;
}
