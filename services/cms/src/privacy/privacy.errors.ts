import { AppError } from '@webinar/http';

export const PrivacyErrorCodes = {
  exportNotFound: 'PRIVACY.EXPORT_NOT_FOUND',
  exportDelivered: 'PRIVACY.EXPORT_DELIVERED',
} as const;

/** Unknown, someone else's, or expired (and deleted): answered alike. */
export class ExportNotFound extends AppError {
  constructor() {
    super(PrivacyErrorCodes.exportNotFound, 404, 'No such export.');
  }
}

export class ExportDelivered extends AppError {
  constructor() {
    super(PrivacyErrorCodes.exportDelivered, 410, 'This export was delivered and its data deleted; request a new one.');
  }
}
