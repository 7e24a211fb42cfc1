import { ViewerErrors } from '@webinar/contracts';
import { defineErrors } from '@webinar/http';

export const SeminarErrors = defineErrors({
  reopenNotAllowed: { code: 'SEMINAR.REOPEN_NOT_ALLOWED', status: 403, message: 'Only the company\'s admin, a presenter or a moderator of this seminar may reopen it.' },
  reopenWindowPassed: { code: 'SEMINAR.REOPEN_WINDOW_PASSED', status: 409, message: 'The seminar\'s time slot is over; it cannot be reopened.' },
  notFound: ViewerErrors.seminarNotFound,
  illegalTransition: { code: 'SEMINAR.ILLEGAL_TRANSITION', status: 409, message: ({ from, to }: { from: string; to: string }) => `A seminar cannot go from ${from} to ${to}.` },
  invalidSchedule: { code: 'SEMINAR.INVALID_SCHEDULE', status: 400, message: 'A seminar must end after it starts.' },
  notEditable: { code: 'SEMINAR.NOT_EDITABLE', status: 409, message: 'A seminar can only be edited before it goes live.' },
  capacityBelowRegistrations: { code: 'SEMINAR.CAPACITY_BELOW_REGISTRATIONS', status: 409, message: 'The capacity cannot be below the current registrations.' },
});
