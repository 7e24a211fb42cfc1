// The one home of cms.person_keys: one HKDF salt per person. Deleting it is crypto-shredding.
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { PersonKey } from './person-key.entity';

interface PersonRef {
  companyId: string;
  userId: string;
}

@Injectable()
export class PersonKeysStore {
  /** Inserts the salt unless the person has one; two first writes race on the primary key, one wins. */
  async insertIfAbsent(manager: EntityManager, person: PersonRef, salt: Buffer): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(PersonKey)
      .values({ companyId: person.companyId, userId: person.userId, salt })
      .orIgnore()
      .execute();
  }

  find(manager: EntityManager, person: PersonRef): Promise<PersonKey | null> {
    return manager.findOneBy(PersonKey, { companyId: person.companyId, userId: person.userId });
  }

  /** The keys of these users that the transaction may see (row-level security limits the company). */
  findOfUsers(manager: EntityManager, userIds: readonly string[]): Promise<PersonKey[]> {
    return manager.findBy(PersonKey, { userId: In([...new Set(userIds)]) });
  }

  /** False when there was no key. */
  async delete(manager: EntityManager, person: PersonRef): Promise<boolean> {
    const result = await manager.delete(PersonKey, { companyId: person.companyId, userId: person.userId });
    return (result.affected ?? 0) > 0;
  }
}
