// Sealing and opening one person's fields. The key of a field is derived per person
// (FieldCipher: HKDF over the master key with the person's salt), and the subject bound into every
// ciphertext is "<company>/<user>" plus the field's name as associated data, so a ciphertext copied
// onto another person's row, or into another column, does not decrypt.
import { Inject, Injectable } from '@nestjs/common';
import { blindIndex, CryptoError, FieldCipher, newSubjectSalt } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { PEOPLE_KEYS, type PeopleKeys } from './people-keys';
import { PersonKeysStore } from './person-keys-store';

export interface PersonRef {
  companyId: string;
  userId: string;
}

export interface Sealed {
  cipher: string;
  kid: string;
}

function subjectOf(person: PersonRef): string {
  return `${person.companyId}/${person.userId}`;
}

@Injectable()
export class PersonVault {
  private readonly indexKey: Uint8Array;

  constructor(
    @Inject(PEOPLE_KEYS) private readonly keys: PeopleKeys,
    private readonly store: PersonKeysStore,
  ) {
    // Never rotated on its own: every stored index would have to be recomputed from plaintext.
    this.indexKey = new Uint8Array(keys.emailIndex.activeKey().key.export());
  }

  /** The keyed blind index of an e-mail address (case and surrounding spaces do not matter). */
  emailIndex(email: string): string {
    return blindIndex(this.indexKey, email);
  }

  /** The person's salt, created on first use, inside the caller's tenant transaction. */
  async ensureSalt(manager: EntityManager, person: PersonRef): Promise<Uint8Array> {
    const existing = await this.saltOf(manager, person);
    if (existing) return existing;
    const salt = Buffer.from(newSubjectSalt());
    // Two first writes for one person race on the primary key; the loser reads the winner's salt.
    await this.store.insertIfAbsent(manager, person, salt);
    const stored = await this.saltOf(manager, person);
    if (!stored) throw new CryptoError('CRYPTO.KEY_DESTROYED');
    return stored;
  }

  async saltOf(manager: EntityManager, person: PersonRef): Promise<Uint8Array | undefined> {
    const row = await this.store.find(manager, person);
    return row ? new Uint8Array(row.salt) : undefined;
  }

  /** Salts of many people at once, keyed by "<company>/<user>"; destroyed ones are simply absent. */
  async saltsOf(manager: EntityManager, people: readonly PersonRef[]): Promise<Map<string, Uint8Array>> {
    if (people.length === 0) return new Map();
    const rows = await this.store.findOfUsers(manager, people.map((p) => p.userId));
    return new Map(rows.map((r) => [subjectOf(r), new Uint8Array(r.salt)]));
  }

  /** Crypto-shredding: after this, nothing sealed for the person can be opened again. */
  async destroySalt(manager: EntityManager, person: PersonRef): Promise<boolean> {
    return this.store.delete(manager, person);
  }

  seal(person: PersonRef, salt: Uint8Array, field: string, plaintext: string): Sealed {
    const { kid, key } = this.keys.fields.activeKey();
    const cipher = this.cipher(key.export(), salt).encrypt(subjectOf(person), plaintext, field);
    return { cipher, kid };
  }

  /** @throws CryptoError KEY_DESTROYED without a salt, TAMPERED for a wrong key or a moved ciphertext. */
  open(person: PersonRef, salt: Uint8Array | undefined, field: string, sealed: Sealed): string {
    if (!salt) throw new CryptoError('CRYPTO.KEY_DESTROYED');
    const master = this.keys.fields.keyFor(sealed.kid);
    if (!master) throw new CryptoError('CRYPTO.BAD_KEY', 'The master key of this field has been retired.');
    return this.cipher(master.key.export(), salt).decrypt(subjectOf(person), sealed.cipher, field);
  }

  private cipher(masterKey: Buffer, salt: Uint8Array): FieldCipher {
    try {
      return FieldCipher.fromMasterKey(new Uint8Array(masterKey), () => salt);
    } finally {
      masterKey.fill(0);
    }
  }
}

export { subjectOf as personSubject };
