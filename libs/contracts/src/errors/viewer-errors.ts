// The refusals a viewer's browser gets when it asks cms for a playback token: the client
// (services/web) words them for the viewer, so their codes are shared rather than restated.
import { errorSpecs } from './error-spec';

export const ViewerErrors = errorSpecs({
  seminarNotFound: { code: 'SEMINAR.NOT_FOUND', status: 404, message: 'No such seminar.' },
  playbackNotAllowed: {
    code: 'PLAYBACK.NOT_ALLOWED',
    status: 403,
    message: 'Only registered viewers, presenters and moderators may watch.',
  },
  playbackNotOpen: {
    code: 'PLAYBACK.NOT_OPEN',
    status: 409,
    message: 'The seminar is not live and does not start within 15 minutes.',
  },
});
