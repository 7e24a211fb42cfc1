// Words the refusals cms gives a viewer who asks for a playback token. The stable code is shown too:
// it is what support and the documentation (docs/cms.md) go by.
import { SharedErrors, ViewerErrors } from '@webinar/contracts';

const MESSAGES: Readonly<Record<string, string>> = {
  [ViewerErrors.playbackNotAllowed.code]: 'You are not registered for this seminar.',
  [ViewerErrors.playbackNotOpen.code]: 'This seminar is not live: watching opens 15 minutes before the start and closes when it ends.',
  [ViewerErrors.seminarNotFound.code]: 'There is no such seminar, or it is not open to you.',
  [SharedErrors.mfaRequired.code]: 'Your role in this seminar needs a sign-in with password and authenticator code.',
  [SharedErrors.forbidden.code]: 'Your account may not watch seminars.',
  'CLIENT.INVALID_ANSWER': 'The server gave an answer this page does not understand.',
};

export function notAvailableMessage(code: string): string {
  return `${MESSAGES[code] ?? 'Watching this seminar is not available to you.'} (${code})`;
}
