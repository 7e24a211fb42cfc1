import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

/**
 * A user's password and TOTP second factor; one row per user that set either. The password is an
 * argon2id PHC string; the TOTP secret is encrypted (FieldCipher under the `fields` key set, the user
 * id and purpose bound as associated data) because the server needs it back to compute codes.
 * `company_id` copies the user's (null for root) so that row-level security applies as on users.
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.credentials })
export class Credential {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column('uuid', { name: 'company_id', nullable: true })
  companyId!: string | null;

  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  @Column('timestamptz', { name: 'password_changed_at', nullable: true })
  passwordChangedAt!: Date | null;

  @Column('text', { name: 'totp_cipher', nullable: true })
  totpCipher!: string | null;

  @Column('text', { name: 'totp_kid', nullable: true })
  totpKid!: string | null;

  @Column('timestamptz', { name: 'totp_enrolled_at', nullable: true })
  totpEnrolledAt!: Date | null;

  /** The last 30-second step a code was accepted for; codes of that step or earlier are refused. */
  @Column('int', { name: 'totp_last_step', nullable: true })
  totpLastStep!: number | null;

  /** An enrolment started but not yet confirmed by a first code (replaced by the next start). */
  @Column('text', { name: 'totp_pending_cipher', nullable: true })
  totpPendingCipher!: string | null;

  @Column('text', { name: 'totp_pending_kid', nullable: true })
  totpPendingKid!: string | null;

  @Column('timestamptz', { name: 'totp_pending_at', nullable: true })
  totpPendingAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
