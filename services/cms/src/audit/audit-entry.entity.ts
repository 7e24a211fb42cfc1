import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { CMS_SCHEMA } from '../cms.constants';
import { CMS_TABLES } from '../tables';

/**
 * One audit record. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and tamper-evident:
 * `hash` covers the record and `prev_hash`, the hash of the previous record of the same chain. Each
 * company has its own chain (its admin can verify it without seeing anyone else's); records without
 * a company (platform events, root's elevated reads) form the platform chain.
 */
@Entity({ schema: CMS_SCHEMA, name: CMS_TABLES.auditLog })
// Unique per chain, where the platform chain has a null company: an expression index (see migration).
@Index('UQ_audit_log_chain_seq', { synchronize: false })
export class AuditEntry {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'company_id', nullable: true })
  companyId!: string | null;

  @Column('integer')
  seq!: number;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text')
  action!: string;

  @Column('text', { nullable: true })
  subject!: string | null;

  @Column('jsonb')
  details!: Record<string, string | number | boolean>;

  @Column('text', { name: 'prev_hash' })
  prevHash!: string;

  @Column('text')
  hash!: string;
}
