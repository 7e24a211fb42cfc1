import { defineErrors } from '@webinar/http';

export const ElevationErrors = defineErrors({
  notFound: { code: 'ELEVATION.NOT_FOUND', status: 404, message: 'No such elevation.' },
  selfApproval: {
    code: 'ELEVATION.SELF_APPROVAL',
    status: 403,
    message: 'Another root must decide on an elevation request (or use break-glass).',
  },
  /** Already decided, ended, expired or lapsed: nothing left to approve, deny or end. */
  notOpen: { code: 'ELEVATION.NOT_OPEN', status: 409, message: 'This elevation is no longer open.' },
  alreadyOpen: { code: 'ELEVATION.ALREADY_OPEN', status: 409, message: 'You already have a pending or active elevation.' },
  tooLong: {
    code: 'ELEVATION.DURATION_TOO_LONG',
    status: 400,
    message: ({ maxSeconds }: { maxSeconds: number }) => `An elevation lasts at most ${maxSeconds} seconds.`,
  },
  breakGlassDisabled: { code: 'ELEVATION.BREAK_GLASS_DISABLED', status: 403, message: 'Break-glass is not configured on this installation.' },
  breakGlassRefused: { code: 'ELEVATION.BREAK_GLASS_REFUSED', status: 403, message: 'Break-glass refused.' },
});
