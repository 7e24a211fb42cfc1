import { AppError } from '@webinar/http';

export const CompanyErrorCodes = {
  notFound: 'COMPANY.NOT_FOUND',
  nameTaken: 'COMPANY.NAME_TAKEN',
} as const;

export class CompanyNotFound extends AppError {
  constructor() {
    super(CompanyErrorCodes.notFound, 404, 'No such company.');
  }
}

export class CompanyNameTaken extends AppError {
  constructor() {
    super(CompanyErrorCodes.nameTaken, 409, 'A company with this name exists already.');
  }
}
