// A person's shown name in their company's rooms: chosen by them, sealed under their key, read in
// bulk by chat and questions. Unset, or erased (salt destroyed), it is the neutral default: the
// access token carries no name, and a name is never taken from the client at posting time.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonDataRegistry } from '../privacy/person-data-registry';
import { type PersonRef, personSubject } from '../vault/person-ref';
import { RoomVault } from '../vault/room-vault';
import { ShownNamesStore } from './shown-names-store';
import type { ShownName } from './shown-name.schemas';

export const DEFAULT_SHOWN_NAME = 'Attendee';
const FIELD = 'shown-name';


@Injectable()
export class ShownNames implements OnModuleInit {
  constructor(
    private readonly store: ShownNamesStore,
    private readonly vault: RoomVault,
    private readonly registry: PersonDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'shownName',
      exportOf: async (manager, person) => {
        const shown = await this.of(manager, person);
        return shown.chosen ? shown.name : null;
      },
      erase: (manager, person) => this.store.delete(manager, person),
    });
  }

  async set(manager: EntityManager, person: PersonRef, name: string): Promise<ShownName> {
    await this.store.upsert(manager, { ...person, cipher: await this.vault.seal(manager, person, FIELD, name) });
    return { name, chosen: true };
  }

  async of(manager: EntityManager, person: PersonRef): Promise<ShownName> {
    return (await this.ofMany(manager, [person])).get(personSubject(person)) ?? { name: DEFAULT_SHOWN_NAME, chosen: false };
  }

  /** Shown names by "<company>/<user>"; everyone asked for is in the map (the default where unset). */
  async ofMany(manager: EntityManager, people: readonly PersonRef[]): Promise<Map<string, ShownName>> {
    const sealed = await this.store.findMany(manager, people);
    const opened = await this.vault.openMany(manager, sealed.map((s) => ({ person: s, field: FIELD, cipher: s.cipher })));
    const names = new Map<string, ShownName>(people.map((p) => [personSubject(p), { name: DEFAULT_SHOWN_NAME, chosen: false }]));
    sealed.forEach((s, i) => {
      const name = opened[i];
      if (name !== undefined) names.set(personSubject(s), { name, chosen: true });
    });
    return names;
  }
}
