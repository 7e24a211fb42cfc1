import { AppError } from '@webinar/http';

export const SeminarErrorCodes = {
  notFound: 'SEMINAR.NOT_FOUND',
  illegalTransition: 'SEMINAR.ILLEGAL_TRANSITION',
  invalidSchedule: 'SEMINAR.INVALID_SCHEDULE',
  notEditable: 'SEMINAR.NOT_EDITABLE',
  capacityBelowRegistrations: 'SEMINAR.CAPACITY_BELOW_REGISTRATIONS',
  reopenNotAllowed: 'SEMINAR.REOPEN_NOT_ALLOWED',
  reopenWindowPassed: 'SEMINAR.REOPEN_WINDOW_PASSED',
} as const;

export class ReopenNotAllowed extends AppError {
  constructor() {
    super(SeminarErrorCodes.reopenNotAllowed, 403, 'Only the company\'s admin, a presenter or a moderator of this seminar may reopen it.');
  }
}

export class ReopenWindowPassed extends AppError {
  constructor() {
    super(SeminarErrorCodes.reopenWindowPassed, 409, 'The seminar\'s time slot is over; it cannot be reopened.');
  }
}

export class SeminarNotFound extends AppError {
  constructor() {
    super(SeminarErrorCodes.notFound, 404, 'No such seminar.');
  }
}

export class IllegalTransition extends AppError {
  constructor(from: string, to: string) {
    super(SeminarErrorCodes.illegalTransition, 409, `A seminar cannot go from ${from} to ${to}.`);
  }
}

export class InvalidSchedule extends AppError {
  constructor() {
    super(SeminarErrorCodes.invalidSchedule, 400, 'A seminar must end after it starts.');
  }
}

export class SeminarNotEditable extends AppError {
  constructor() {
    super(SeminarErrorCodes.notEditable, 409, 'A seminar can only be edited before it goes live.');
  }
}

export class CapacityBelowRegistrations extends AppError {
  constructor() {
    super(SeminarErrorCodes.capacityBelowRegistrations, 409, 'The capacity cannot be below the current registrations.');
  }
}
