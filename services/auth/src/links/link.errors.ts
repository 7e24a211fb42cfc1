import { defineErrors } from '@webinar/http';

export const LinkErrors = defineErrors({
  /**
   * One answer for every refused link (bad crypto, expired, used, revoked, too many attempts): telling
   * them apart would give an attacker an oracle, and the user's remedy is the same (ask for a new one).
   */
  invalid: { code: 'LINK.INVALID', status: 400, message: 'This link is invalid, expired or already used. Ask for a new one.' },
});
