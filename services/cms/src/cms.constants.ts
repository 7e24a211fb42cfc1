/** URL prefix of every cms route, in both shapes (nginx routes /cms/ here unchanged). */
export const CMS_PREFIX = 'cms';
/** The PostgreSQL schema cms owns; no other service reads it. */
export const CMS_SCHEMA = 'cms';
/** The audience of access tokens meant for cms. */
export const CMS_AUDIENCE = 'cms';
