// The one answer to "who is this caller in this seminar's room", read inside the caller's tenant
// transaction from polls's replicas of cms (seminars, registrations, grants). Closed by default: a
// seminar that is not in the caller's company is "not found" (never "forbidden", which would reveal
// it exists); acting as a presenter, moderator or admin needs an mfa token, as in cms
// (grant-lookup.ts), and the check that reads the grant is the one that demands it.
import { Injectable } from '@nestjs/common';
import { ROOM_BADGES } from '@webinar/contracts';
import { type AccessIdentity, assertMfa } from '@webinar/security';
import type { EntityManager } from 'typeorm';
import { GrantsStore } from '../replicas/grants-store';
import { RegistrationsStore } from '../replicas/registrations-store';
import { type ReplicaSeminar, SeminarsStore } from '../replicas/seminars-store';
import type { PersonRef } from '../vault/person-ref';
import { RoomAccessErrors } from './room-access.errors';

export type RoomBadge = (typeof ROOM_BADGES)[number];
export type StaffRole = RoomBadge;
export const STAFF_ROLES: readonly StaffRole[] = ROOM_BADGES;

/** Who the caller is in one seminar's room. Nothing here has been mfa-checked: use the require… methods to act. */
export interface RoomStanding {
  seminar: ReplicaSeminar;
  person: PersonRef;
  /** Holds an active registration. */
  attendee: boolean;
  /** presenter / moderator from grants (the seminar's and company-wide ones), admin from the global role. */
  staff: StaffRole[];
  mfa: boolean;
}

/** The caller's company: every room action happens inside it (root belongs to none). */
export function roomCompanyOf(identity: Pick<AccessIdentity, 'role' | 'companyId'>): string {
  if (identity.role === 'root' || identity.companyId === null) throw RoomAccessErrors.noCompany();
  return identity.companyId;
}

/**
 * The badge the room shows beside what the person posts, from grants (never from the client): the
 * role closest to the seminar wins (presenter, then moderator, then admin). Without an mfa token no
 * badge, so a session that could not act as staff cannot speak as staff either.
 */
export function badgeOf(standing: Pick<RoomStanding, 'staff' | 'mfa'>): RoomBadge | null {
  if (!standing.mfa) return null;
  return ROOM_BADGES.find((b) => standing.staff.includes(b)) ?? null;
}

@Injectable()
export class RoomAccess {
  constructor(
    private readonly seminars: SeminarsStore,
    private readonly registrations: RegistrationsStore,
    private readonly grants: GrantsStore,
  ) {}

  /** 404 SEMINAR.NOT_FOUND unless the seminar is in the caller's company. */
  async standing(manager: EntityManager, identity: AccessIdentity, seminarId: string): Promise<RoomStanding> {
    const companyId = roomCompanyOf(identity);
    const seminar = await this.seminars.find(manager, seminarId);
    // Row-level security already hides other companies' rows; the comparison keeps this closed even
    // if a caller ever ran in a wider scope.
    if (!seminar || seminar.companyId !== companyId) throw RoomAccessErrors.seminarNotFound();
    const person = { companyId, userId: identity.userId };
    const [attendee, roles] = await Promise.all([
      this.registrations.isRegistered(manager, seminarId, identity.userId),
      this.grants.rolesOn(manager, person, seminarId),
    ]);
    const staff = STAFF_ROLES.filter((r) => (r === 'admin' ? identity.role === 'admin' : roles.includes(r)));
    return { seminar, person, attendee, staff, mfa: identity.mfa };
  }

  /** A registered attendee of the seminar (staff who are not registered are refused: they do not vote). */
  async requireAttendee(manager: EntityManager, identity: AccessIdentity, seminarId: string): Promise<RoomStanding> {
    const standing = await this.standing(manager, identity, seminarId);
    if (!standing.attendee) throw RoomAccessErrors.notAttendee();
    return standing;
  }

  /** Someone who may run the room: one of `roles` (default: presenter, moderator, admin), with mfa. */
  async requireStaff(
    manager: EntityManager,
    identity: AccessIdentity,
    seminarId: string,
    roles: readonly StaffRole[] = STAFF_ROLES,
  ): Promise<RoomStanding> {
    const standing = await this.standing(manager, identity, seminarId);
    if (!standing.staff.some((r) => roles.includes(r))) throw RoomAccessErrors.notStaff();
    assertMfa(identity);
    return standing;
  }

  /** An attendee or staff (with mfa): who may see the room's audience view (e.g. the approved questions). */
  async requireParticipant(manager: EntityManager, identity: AccessIdentity, seminarId: string): Promise<RoomStanding> {
    const standing = await this.standing(manager, identity, seminarId);
    if (standing.attendee) return standing;
    if (standing.staff.length === 0) throw RoomAccessErrors.notAttendee();
    assertMfa(identity);
    return standing;
  }
}
