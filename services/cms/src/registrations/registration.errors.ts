import { AppError } from '@webinar/http';

export const RegistrationErrorCodes = {
  notFound: 'REGISTRATION.NOT_FOUND',
  exists: 'REGISTRATION.EXISTS',
  seminarFull: 'SEMINAR.FULL',
  closed: 'SEMINAR.REGISTRATION_CLOSED',
} as const;

export class RegistrationNotFound extends AppError {
  constructor() {
    super(RegistrationErrorCodes.notFound, 404, 'You are not registered for this seminar.');
  }
}

export class AlreadyRegistered extends AppError {
  constructor() {
    super(RegistrationErrorCodes.exists, 409, 'You are registered for this seminar already.');
  }
}

export class SeminarFull extends AppError {
  constructor() {
    super(RegistrationErrorCodes.seminarFull, 409, 'The seminar is full.');
  }
}

export class RegistrationClosed extends AppError {
  constructor() {
    super(RegistrationErrorCodes.closed, 409, 'This seminar does not take registrations now.');
  }
}
