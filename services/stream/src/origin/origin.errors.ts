// What the origin (an internal HTTPS server the edges pull from, not Nest) answers an edge.
import { defineErrors } from '@webinar/http';

export const OriginErrors = defineErrors({
  unauthenticated: { code: 'ORIGIN.UNAUTHENTICATED', status: 401, message: 'Only the platform\'s edges may pull from the origin.' },
  methodNotAllowed: { code: 'ORIGIN.METHOD_NOT_ALLOWED', status: 405, message: 'The origin serves GET only.' },
  notFound: { code: 'ORIGIN.NOT_FOUND', status: 404, message: 'No such stream or file.' },
  notLive: { code: 'ORIGIN.NOT_LIVE', status: 404, message: 'This seminar is not live.' },
  failed: { code: 'ORIGIN.FAILED', status: 500, message: 'Internal error.' },
});
