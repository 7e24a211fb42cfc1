// Profiles in and out of their encrypted rows, always inside the caller's tenant transaction.
// A row whose key is gone (erased) or does not open reads as "no profile": the data is unreadable on
// purpose, which is not an error for the reader.
import { Injectable } from '@nestjs/common';
import { CryptoError } from '@webinar/security';
import { In, type EntityManager } from 'typeorm';
import { PeopleErrors } from './people.errors';
import type { ProfileInput, ProfileView } from './people.schemas';
import { Person } from './person.entity';
import { personSubject, type PersonRef, PersonVault } from './person-vault';

/** The associated data of each column: a ciphertext moved to another column does not decrypt. */
const FIELD = {
  displayName: 'cms.people.display_name',
  organisation: 'cms.people.organisation',
  jobTitle: 'cms.people.job_title',
  email: 'cms.people.email',
} as const;

export interface FoundPerson extends PersonRef {
  profile: ProfileView;
}

@Injectable()
export class PeopleStore {
  constructor(private readonly vault: PersonVault) {}

  /** Creates or changes the person's profile: given fields replace, absent ones stay, null clears. */
  async save(manager: EntityManager, person: PersonRef, input: ProfileInput): Promise<ProfileView> {
    const salt = await this.vault.ensureSalt(manager, person);
    const existing = await manager.findOneBy(Person, { companyId: person.companyId, userId: person.userId });
    const current = existing ? this.open(existing, salt) : null;
    const merged = {
      displayName: input.displayName ?? current?.displayName,
      organisation: input.organisation !== undefined ? input.organisation : (current?.organisation ?? null),
      jobTitle: input.jobTitle !== undefined ? input.jobTitle : (current?.jobTitle ?? null),
      email: input.email !== undefined ? input.email : (current?.email ?? null),
    };
    if (!merged.displayName) throw PeopleErrors.displayNameRequired();
    // Every field is sealed again, so a row never mixes master keys (one key_kid per row).
    const seal = (field: string, value: string) => this.vault.seal(person, salt, field, value);
    const name = seal(FIELD.displayName, merged.displayName);
    const row = manager.create(Person, {
      companyId: person.companyId,
      userId: person.userId,
      displayNameCipher: name.cipher,
      organisationCipher: merged.organisation === null ? null : seal(FIELD.organisation, merged.organisation).cipher,
      jobTitleCipher: merged.jobTitle === null ? null : seal(FIELD.jobTitle, merged.jobTitle).cipher,
      emailCipher: merged.email === null ? null : seal(FIELD.email, merged.email).cipher,
      emailIndex: merged.email === null ? null : this.vault.emailIndex(merged.email),
      keyKid: name.kid,
    });
    const saved = await manager.save(row);
    const view = this.open(saved, salt);
    if (!view) throw new CryptoError('CRYPTO.TAMPERED');
    return view;
  }

  async profileOf(manager: EntityManager, person: PersonRef): Promise<ProfileView | null> {
    const row = await manager.findOneBy(Person, { companyId: person.companyId, userId: person.userId });
    if (!row) return null;
    return this.open(row, await this.vault.saltOf(manager, person));
  }

  /** Readable profiles of the given people, keyed by "<company>/<user>". */
  async profilesOf(manager: EntityManager, people: readonly PersonRef[]): Promise<Map<string, ProfileView>> {
    if (people.length === 0) return new Map();
    const rows = await manager.findBy(Person, { userId: In([...new Set(people.map((p) => p.userId))]) });
    return this.openAll(manager, rows);
  }

  /** People whose contact e-mail is `email`, found by the blind index (row-level security limits the company). */
  async findByEmail(manager: EntityManager, email: string): Promise<FoundPerson[]> {
    const rows = await manager.find(Person, { where: { emailIndex: this.vault.emailIndex(email) }, take: 100 });
    const profiles = await this.openAll(manager, rows);
    return rows.flatMap((r) => {
      const profile = profiles.get(personSubject(r));
      return profile ? [{ companyId: r.companyId, userId: r.userId, profile }] : [];
    });
  }

  /** Erasure: the profile row goes, and with the salt every copy of its ciphertexts becomes unreadable. */
  async forget(manager: EntityManager, person: PersonRef): Promise<{ profileDeleted: boolean; keyDestroyed: boolean }> {
    const deleted = await manager.delete(Person, { companyId: person.companyId, userId: person.userId });
    const keyDestroyed = await this.vault.destroySalt(manager, person);
    return { profileDeleted: (deleted.affected ?? 0) > 0, keyDestroyed };
  }

  private async openAll(manager: EntityManager, rows: Person[]): Promise<Map<string, ProfileView>> {
    const salts = await this.vault.saltsOf(manager, rows);
    const views = new Map<string, ProfileView>();
    for (const row of rows) {
      const view = this.open(row, salts.get(personSubject(row)));
      if (view) views.set(personSubject(row), view);
    }
    return views;
  }

  private open(row: Person, salt: Uint8Array | undefined): ProfileView | null {
    const open = (field: string, cipher: string | null): string | null =>
      cipher === null ? null : this.vault.open(row, salt, field, { cipher, kid: row.keyKid });
    try {
      return {
        displayName: open(FIELD.displayName, row.displayNameCipher) ?? '',
        organisation: open(FIELD.organisation, row.organisationCipher),
        jobTitle: open(FIELD.jobTitle, row.jobTitleCipher),
        email: open(FIELD.email, row.emailCipher),
        updatedAt: row.updatedAt.toISOString(),
      };
    } catch (error) {
      if (error instanceof CryptoError) return null;
      throw error;
    }
  }
}
