import { defineErrors } from '@webinar/http';

export const RegistrationErrors = defineErrors({
  notFound: { code: 'REGISTRATION.NOT_FOUND', status: 404, message: 'You are not registered for this seminar.' },
  exists: { code: 'REGISTRATION.EXISTS', status: 409, message: 'You are registered for this seminar already.' },
  seminarFull: { code: 'SEMINAR.FULL', status: 409, message: 'The seminar is full.' },
  closed: { code: 'SEMINAR.REGISTRATION_CLOSED', status: 409, message: 'This seminar does not take registrations now.' },
});
