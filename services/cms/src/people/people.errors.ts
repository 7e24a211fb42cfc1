import { AppError } from '@webinar/http';

export const PeopleErrorCodes = {
  displayNameRequired: 'PROFILE.DISPLAY_NAME_REQUIRED',
} as const;

export class DisplayNameRequired extends AppError {
  constructor() {
    super(PeopleErrorCodes.displayNameRequired, 400, 'A profile needs a display name.');
  }
}
