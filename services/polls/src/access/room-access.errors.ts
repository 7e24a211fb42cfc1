import { ViewerErrors } from '@webinar/contracts';
import { defineErrors } from '@webinar/http';

export const RoomAccessErrors = defineErrors({
  /** Also the answer for another company's seminar: its existence is never revealed. */
  seminarNotFound: ViewerErrors.seminarNotFound,
  noCompany: { code: 'ROOM.NO_COMPANY', status: 403, message: 'Live rooms belong to a company; this account belongs to none.' },
  notAttendee: { code: 'ROOM.NOT_ATTENDEE', status: 403, message: 'Only registered attendees of this seminar may do this.' },
  notStaff: { code: 'ROOM.NOT_STAFF', status: 403, message: 'Only the presenters and moderators of this seminar or the company\'s admin may do this.' },
});
