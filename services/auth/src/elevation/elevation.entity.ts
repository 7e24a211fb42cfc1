import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

export const ELEVATION_STATUSES = ['pending', 'approved', 'denied', 'ended', 'expired', 'lapsed'] as const;
export type ElevationStatus = (typeof ELEVATION_STATUSES)[number];

/**
 * A root account's time-boxed elevation: requested with a reason and a duration, decided by another
 * root (or self-approved with the operator's break-glass secret), bound to the session that asked.
 * Only `approved` with `ends_at > now()` makes `/auth/token` issue `elv: true`. `expired` is set by
 * the sweeper (which audits it once), `lapsed` when nobody decided within the approval window.
 * Root belongs to no company, so this table is platform data: no row-level security.
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.elevations })
@Check('CK_elevations_status', `"status" IN ('pending', 'approved', 'denied', 'ended', 'expired', 'lapsed')`)
@Check('CK_elevations_duration', `"duration_seconds" > 0`)
@Index('IX_elevations_user', ['userId'])
@Index('IX_elevations_status', ['status'])
export class Elevation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  /** The session that asked; only tokens of this session carry the elevation. */
  @Column('uuid', { name: 'session_id' })
  sessionId!: string;

  @Column('text')
  reason!: string;

  @Column('int', { name: 'duration_seconds' })
  durationSeconds!: number;

  @Column('text')
  status!: ElevationStatus;

  @Column('boolean', { name: 'break_glass', default: false })
  breakGlass!: boolean;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  /** A pending request not decided by then lapses. */
  @Column('timestamptz', { name: 'decide_by' })
  decideBy!: Date;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { name: 'starts_at', nullable: true })
  startsAt!: Date | null;

  /** Approval time + duration; moved to the moment of ending when the requester ends it early. */
  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;
}
