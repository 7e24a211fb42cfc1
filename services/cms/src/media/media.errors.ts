import { AppError } from '@webinar/http';

export const MediaErrorCodes = {
  notPresenter: 'STREAM_KEY.NOT_PRESENTER',
  notStreamable: 'STREAM_KEY.SEMINAR_NOT_SCHEDULED',
  windowPassed: 'STREAM_KEY.WINDOW_PASSED',
  playbackNotAllowed: 'PLAYBACK.NOT_ALLOWED',
  playbackNotOpen: 'PLAYBACK.NOT_OPEN',
} as const;

export class NotPresenter extends AppError {
  constructor() {
    super(MediaErrorCodes.notPresenter, 403, 'Only a presenter of this seminar gets a stream key.');
  }
}

export class SeminarNotStreamable extends AppError {
  constructor() {
    super(MediaErrorCodes.notStreamable, 409, 'Stream keys exist only for scheduled or live seminars.');
  }
}

export class StreamKeyWindowPassed extends AppError {
  constructor() {
    super(MediaErrorCodes.windowPassed, 409, 'The seminar is over; no stream key can be issued.');
  }
}

export class PlaybackNotAllowed extends AppError {
  constructor() {
    super(MediaErrorCodes.playbackNotAllowed, 403, 'Only registered viewers, presenters and moderators may watch.');
  }
}

export class PlaybackNotOpen extends AppError {
  constructor() {
    super(MediaErrorCodes.playbackNotOpen, 409, 'The seminar is not live and does not start within 15 minutes.');
  }
}
