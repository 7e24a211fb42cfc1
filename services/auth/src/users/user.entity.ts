import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { GlobalRole } from '@webinar/security';
import { AUTH_SCHEMA } from '../auth.constants';
import { AUTH_TABLES } from '../tables';

export const USER_STATUSES = ['invited', 'active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/**
 * An account. The e-mail address is stored only encrypted (FieldCipher, key `email_kid` of the
 * `fields` key set) plus a keyed blind index for lookups: a copy of the table reveals no address.
 * Row-level security on company_id: an admin's transaction sees only its company's users.
 */
@Entity({ schema: AUTH_SCHEMA, name: AUTH_TABLES.users })
@Check('CK_users_role', `"role" IN ('root', 'admin', 'prospect', 'customer')`)
@Check('CK_users_status', `"status" IN ('invited', 'active', 'disabled')`)
// Root belongs to no company; everyone else to exactly one.
@Check('CK_users_company', `("role" = 'root') = ("company_id" IS NULL)`)
export class User {
  @PrimaryColumn('uuid')
  id!: string;

  /** Null for root, who belongs to no company. */
  @Column('uuid', { name: 'company_id', nullable: true })
  companyId!: string | null;

  @Column('text')
  role!: GlobalRole;

  @Column('text')
  status!: UserStatus;

  @Column('text', { name: 'email_cipher' })
  emailCipher!: string;

  @Column('text', { name: 'email_kid' })
  emailKid!: string;

  @Index('UQ_users_email_index', { unique: true })
  @Column('text', { name: 'email_index' })
  emailIndex!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
