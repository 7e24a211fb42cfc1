import { z } from 'zod';

/**
 * An address a person signs in with. The default root address is `root@localhost` (a domain without
 * a dot), which z.email()'s default pattern refuses; the HTML5 pattern (what a browser's
 * `type=email` field accepts) admits it, so root can sign in by password with the address it was
 * created with. New accounts (invitations) keep the stricter check.
 */
export const accountEmail = z.email({ pattern: z.regexes.html5Email }).max(254);
