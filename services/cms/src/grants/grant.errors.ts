import { defineErrors } from '@webinar/http';

export const GrantErrors = defineErrors({
  notFound: { code: 'GRANT.NOT_FOUND', status: 404, message: 'No such grant.' },
});
