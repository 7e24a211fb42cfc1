import { defineErrors } from '@webinar/http';

export const UserErrors = defineErrors({
  notFound: { code: 'USER.NOT_FOUND', status: 404, message: 'No such user.' },
});
