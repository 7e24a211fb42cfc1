import { PollsInitial1764201600000 } from './1764201600000-polls-initial';
import { PollsOutboxClaimLease1764600000000 } from './1764600000000-polls-outbox-claim-lease';

/** Every committed migration of polls, in order. */
export const pollsMigrations = [PollsInitial1764201600000, PollsOutboxClaimLease1764600000000];
