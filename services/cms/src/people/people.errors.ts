import { defineErrors } from '@webinar/http';

export const PeopleErrors = defineErrors({
  displayNameRequired: { code: 'PROFILE.DISPLAY_NAME_REQUIRED', status: 400, message: 'A profile needs a display name.' },
});
