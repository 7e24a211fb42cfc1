import { defineErrors } from '@webinar/http';

export const CompanyErrors = defineErrors({
  notFound: { code: 'COMPANY.NOT_FOUND', status: 404, message: 'No such company.' },
  nameTaken: { code: 'COMPANY.NAME_TAKEN', status: 409, message: 'A company with this name exists already.' },
});
