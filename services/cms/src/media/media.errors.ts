import { ViewerErrors } from '@webinar/contracts';
import { defineErrors } from '@webinar/http';

export const MediaErrors = defineErrors({
  notPresenter: { code: 'STREAM_KEY.NOT_PRESENTER', status: 403, message: 'Only a presenter of this seminar gets a stream key.' },
  notStreamable: { code: 'STREAM_KEY.SEMINAR_NOT_SCHEDULED', status: 409, message: 'Stream keys exist only for scheduled or live seminars.' },
  windowPassed: { code: 'STREAM_KEY.WINDOW_PASSED', status: 409, message: 'The seminar is over; no stream key can be issued.' },
  playbackNotAllowed: ViewerErrors.playbackNotAllowed,
  playbackNotOpen: ViewerErrors.playbackNotOpen,
});
