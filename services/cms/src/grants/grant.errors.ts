import { AppError } from '@webinar/http';

export const GrantErrorCodes = {
  notFound: 'GRANT.NOT_FOUND',
} as const;

export class GrantNotFound extends AppError {
  constructor() {
    super(GrantErrorCodes.notFound, 404, 'No such grant.');
  }
}
