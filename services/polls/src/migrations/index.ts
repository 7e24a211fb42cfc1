import { PollsInitial1764201600000 } from './1764201600000-polls-initial';
import { PollsOutboxClaimLease1764600000000 } from './1764600000000-polls-outbox-claim-lease';
import { PollsFoundation1764700000000 } from './1764700000000-polls-foundation';

/** Every committed migration of polls, in order. */
export const pollsMigrations = [PollsInitial1764201600000, PollsOutboxClaimLease1764600000000, PollsFoundation1764700000000];
