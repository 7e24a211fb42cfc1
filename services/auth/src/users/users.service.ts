// Accounts: created by invitations (and once, for root, at first start); found by e-mail through the
// blind index. Every method takes the caller's transaction so that a user and its link commit together.
import { Injectable } from '@nestjs/common';
import type { GlobalRole } from '@webinar/security';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { EmailProtector } from './email-protector';
import type { User, UserStatus } from './user.entity';
import { UsersStore } from './users-store';

export interface NewUser {
  email: string;
  companyId: string | null;
  role: GlobalRole;
  status: UserStatus;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly emails: EmailProtector,
    private readonly store: UsersStore,
  ) {}

  findByEmail(manager: EntityManager, email: string): Promise<User | null> {
    return this.store.findByEmailIndex(manager, this.emails.index(email));
  }

  findById(manager: EntityManager, id: string): Promise<User | null> {
    return this.store.findById(manager, id);
  }

  async create(manager: EntityManager, user: NewUser): Promise<User> {
    const id = randomUUID();
    const sealed = this.emails.seal(id, user.email);
    return this.store.insert(manager, {
      id,
      companyId: user.companyId,
      role: user.role,
      status: user.status,
      emailCipher: sealed.cipher,
      emailKid: sealed.kid,
      emailIndex: sealed.index,
    });
  }

  emailOf(user: User): string {
    return this.emails.open(user.id, { cipher: user.emailCipher, kid: user.emailKid });
  }
}
