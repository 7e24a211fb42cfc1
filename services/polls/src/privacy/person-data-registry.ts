// Where each polls feature plugs its part of a person's data into the GDPR protocol, so the privacy
// consumer never changes when a feature arrives: a part exports the person's records (decrypted, as
// the person may read them) under its own key, and may tidy its rows at erasure. The vault's shred,
// which makes everything sealed for the person unreadable, is the consumer's, after every part ran.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PersonRef } from '../vault/person-ref';

export interface PersonDataPart {
  /** The key of this part in the exported document, e.g. 'answers', 'questions', 'chat', 'shownName'. */
  readonly name: string;
  /** The person's records, decrypted; inside the request's tenant transaction. */
  exportOf(manager: EntityManager, person: PersonRef): Promise<unknown>;
  /**
   * Optional: what the feature does at erasure before the salt is destroyed (e.g. drop rows that are
   * worthless once unreadable). True when it held something of the person's.
   */
  erase?(manager: EntityManager, person: PersonRef): Promise<boolean>;
}

@Injectable()
export class PersonDataRegistry {
  private readonly parts = new Map<string, PersonDataPart>();

  /** Called by a feature's provider (its constructor or onModuleInit). One part per name. */
  register(part: PersonDataPart): void {
    if (this.parts.has(part.name)) throw new Error(`polls: the person-data part "${part.name}" is registered twice`);
    this.parts.set(part.name, part);
  }

  /** Every part's records, by part name, in registration order. */
  async exportOf(manager: EntityManager, person: PersonRef): Promise<Record<string, unknown>> {
    const data: Record<string, unknown> = {};
    for (const part of this.parts.values()) data[part.name] = await part.exportOf(manager, person);
    return data;
  }

  /** Runs every part's erase; true when any held something. */
  async erase(manager: EntityManager, person: PersonRef): Promise<boolean> {
    let held = false;
    for (const part of this.parts.values()) if (part.erase && (await part.erase(manager, person))) held = true;
    return held;
  }
}
