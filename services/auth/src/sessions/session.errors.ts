import { defineErrors } from '@webinar/http';

export const SessionErrors = defineErrors({
  csrfRefused: { code: 'AUTH.CSRF_REFUSED', status: 403, message: 'Cross-site request refused.' },
  notFound: { code: 'SESSION.NOT_FOUND', status: 404, message: 'No such session.' },
});
