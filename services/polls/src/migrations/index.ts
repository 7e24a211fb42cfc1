import { PollsInitial1764201600000 } from './1764201600000-polls-initial';

/** Every committed migration of polls, in order. */
export const pollsMigrations = [PollsInitial1764201600000];
