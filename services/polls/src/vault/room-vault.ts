// Sealing and opening what people write in the live room (answers, questions, messages, shown names).
// Key hierarchy: the operator's master key (polls-keys.ts) wraps one random key per company
// (company_keys); a person's field key is HKDF(company key, person's salt, "field:<company>/<user>")
// (FieldCipher), and "<company>/<user>" plus the field name are bound as associated data, so a
// ciphertext moved to another person's row or another column does not open. shred() deletes the salt.
import { Inject, Injectable } from '@nestjs/common';
import { CryptoError, FieldCipher, type KeySet, MASTER_KEY_BYTES, newSubjectSalt } from '@webinar/security';
import { LRUCache } from 'lru-cache';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CompanyKeysStore } from './company-keys-store';
import { type PersonRef, personSubject } from './person-ref';
import { PersonSaltsStore } from './person-salts-store';
import { POLLS_MASTER_KEYS } from './polls-keys';

/** What a sealed field's name is: one per column (e.g. 'answer', 'question.text', 'shown-name'). */
export type SealedField = string;

export interface SealRequest {
  person: PersonRef;
  field: SealedField;
  plaintext: string;
}

export interface OpenRequest {
  person: PersonRef;
  field: SealedField;
  cipher: string;
}

const COMPANY_KEY_AAD = 'polls.company-key';

@Injectable()
export class RoomVault {
  /** Unwrapped company keys, by their wrapped form: a batch would otherwise unwrap once per company per call. */
  private readonly companyKeys = new LRUCache<string, Uint8Array>({ max: 1_000 });

  constructor(
    @Inject(POLLS_MASTER_KEYS) private readonly master: KeySet,
    private readonly wrapped: CompanyKeysStore,
    private readonly salts: PersonSaltsStore,
  ) {}

  /** Seals one field for the person (creating their salt and the company key on first use). */
  async seal(manager: EntityManager, person: PersonRef, field: SealedField, plaintext: string): Promise<string> {
    const [cipher] = await this.sealMany(manager, [{ person, field, plaintext }]);
    if (cipher === undefined) throw new CryptoError('CRYPTO.KEY_DESTROYED');
    return cipher;
  }

  /** Seals many fields (e.g. a batch of votes) with one salt query per batch; same order as given. */
  async sealMany(manager: EntityManager, requests: readonly SealRequest[]): Promise<string[]> {
    const people = uniquePeople(requests.map((r) => r.person));
    await this.salts.insertIfAbsent(manager, people.map((p) => ({ ...p, salt: Buffer.from(newSubjectSalt()) })));
    const ciphers = await this.ciphersFor(manager, people);
    return requests.map((r) => {
      const cipher = ciphers.get(personSubject(r.person));
      // Only an erasure running in a concurrent transaction can remove the salt just ensured.
      if (!cipher) throw new CryptoError('CRYPTO.KEY_DESTROYED');
      return cipher.encrypt(personSubject(r.person), r.plaintext, r.field);
    });
  }

  /** The plaintext, or undefined once the person has been erased. @throws CryptoError TAMPERED/MALFORMED. */
  async open(manager: EntityManager, person: PersonRef, field: SealedField, cipher: string): Promise<string | undefined> {
    const [plaintext] = await this.openMany(manager, [{ person, field, cipher }]);
    return plaintext;
  }

  /**
   * Opens many fields at once (reports, exports): one salt query for all the people, one company key
   * per company. Undefined in the place of an erased person's field, so callers exclude it.
   */
  async openMany(manager: EntityManager, requests: readonly OpenRequest[]): Promise<(string | undefined)[]> {
    const ciphers = await this.ciphersFor(manager, uniquePeople(requests.map((r) => r.person)));
    return requests.map((r) => ciphers.get(personSubject(r.person))?.decrypt(personSubject(r.person), r.cipher, r.field));
  }

  /** Crypto-shredding: after this, nothing sealed for the person opens again. False when there was no salt. */
  shred(manager: EntityManager, person: PersonRef): Promise<boolean> {
    return this.salts.delete(manager, person);
  }

  /** One cipher per person that still has a salt, keyed by subject. */
  private async ciphersFor(manager: EntityManager, people: readonly PersonRef[]): Promise<Map<string, FieldCipher>> {
    const salts = await this.salts.findMany(manager, people);
    const keys = new Map<string, Uint8Array>();
    for (const companyId of new Set(salts.map((s) => s.companyId))) keys.set(companyId, await this.companyKey(manager, companyId));
    const ciphers = new Map<string, FieldCipher>();
    for (const s of salts) {
      const salt = new Uint8Array(s.salt);
      const key = keys.get(s.companyId);
      if (key) ciphers.set(personSubject(s), FieldCipher.fromMasterKey(key, () => salt));
    }
    return ciphers;
  }

  /**
   * The company's key, unwrapped; created (random, wrapped by the active master key) on first use.
   * The row is read every time (one query per company per batch) and only its unwrapping is cached,
   * by the wrapped value: a key created in a transaction that rolls back can never be served later.
   */
  private async companyKey(manager: EntityManager, companyId: string): Promise<Uint8Array> {
    let stored = await this.wrapped.find(manager, companyId);
    if (!stored) {
      const { kid, key } = this.master.activeKey();
      const fresh = randomBytes(MASTER_KEY_BYTES);
      const wrappedKey = this.wrapper(key.export()).encrypt(companySubject(companyId), fresh.toString('base64url'), COMPANY_KEY_AAD);
      fresh.fill(0);
      await this.wrapped.insertIfAbsent(manager, companyId, { kid, wrappedKey });
      stored = await this.wrapped.find(manager, companyId);
      if (!stored) throw new CryptoError('CRYPTO.KEY_DESTROYED');
    }
    const cacheKey = `${stored.kid}.${stored.wrappedKey}`;
    const cached = this.companyKeys.get(cacheKey);
    if (cached) return cached;
    const master = this.master.keyFor(stored.kid);
    if (!master) throw new CryptoError('CRYPTO.BAD_KEY', 'The master key of this company key has been retired.');
    const opened = this.wrapper(master.key.export()).decrypt(companySubject(companyId), stored.wrappedKey, COMPANY_KEY_AAD);
    const key = new Uint8Array(Buffer.from(opened, 'base64url'));
    if (key.length !== MASTER_KEY_BYTES) throw new CryptoError('CRYPTO.BAD_KEY', 'A company key must be 32 bytes.');
    this.companyKeys.set(cacheKey, key);
    return key;
  }

  /** AES-256-GCM under the master key (no per-subject salt: company keys are never shredded). */
  private wrapper(masterKey: Buffer): FieldCipher {
    try {
      return FieldCipher.fromMasterKey(new Uint8Array(masterKey));
    } finally {
      masterKey.fill(0);
    }
  }
}

function companySubject(companyId: string): string {
  return `company:${companyId}`;
}

function uniquePeople(people: readonly PersonRef[]): PersonRef[] {
  const bySubject = new Map(people.map((p) => [personSubject(p), { companyId: p.companyId, userId: p.userId }]));
  return [...bySubject.values()];
}
