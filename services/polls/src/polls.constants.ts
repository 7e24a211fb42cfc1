export const POLLS_PREFIX = 'polls';
export const POLLS_SCHEMA = 'polls';
