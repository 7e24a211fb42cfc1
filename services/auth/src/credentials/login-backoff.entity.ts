import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';

/**
 * Failed password/TOTP attempts per e-mail blind index — kept whether or not an account has that
 * address, so backing off says nothing about which addresses exist. Not tenant data (an unknown
 * address has no company), so like links and sessions it is outside row-level security.
 */
@Entity({ schema: AUTH_SCHEMA, name: 'login_backoff' })
@Index('IX_login_backoff_last_failure', ['lastFailureAt'])
export class LoginBackoff {
  @PrimaryColumn('text', { name: 'email_index' })
  emailIndex!: string;

  @Column('int')
  failures!: number;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column('timestamptz', { name: 'last_failure_at' })
  lastFailureAt!: Date;
}
