/** A person within a company: the unit of per-person encryption and of erasure. */
export interface PersonRef {
  companyId: string;
  userId: string;
}

/** "<company>/<user>": the subject bound into every ciphertext of the person. */
export function personSubject(person: PersonRef): string {
  return `${person.companyId}/${person.userId}`;
}
