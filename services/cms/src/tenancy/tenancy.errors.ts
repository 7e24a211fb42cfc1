import { defineErrors } from '@webinar/http';

export const TenancyErrors = defineErrors({
  noCompany: { code: 'AUTH.NO_COMPANY', status: 403, message: 'This account belongs to no company.' },
});
