import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

/**
 * One fixed rate-limit window per key ("<bucket>:<client address>", "account:<e-mail blind index>",
 * "break-glass:<user id>"), shared by every auth replica and kept across restarts. Not tenant data
 * (a client address has no company), so like login_backoff it is outside row-level security. Rows
 * live one window; clean-up drops them soon after.
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.rateLimits })
@Index('IX_rate_limits_window_started', ['windowStartedAt'])
export class RateLimitWindow {
  @PrimaryColumn('text')
  key!: string;

  @Column('timestamptz', { name: 'window_started_at' })
  windowStartedAt!: Date;

  @Column('int')
  hits!: number;
}
