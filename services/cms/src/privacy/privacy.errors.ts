import { defineErrors } from '@webinar/http';

export const PrivacyErrors = defineErrors({
  /** Unknown, someone else's, or expired (and deleted): answered alike. */
  exportNotFound: { code: 'PRIVACY.EXPORT_NOT_FOUND', status: 404, message: 'No such export.' },
  exportDelivered: { code: 'PRIVACY.EXPORT_DELIVERED', status: 410, message: 'This export was delivered and its data deleted; request a new one.' },
});
