import { AuthInitial1764201600000 } from './1764201600000-auth-initial';
import { AuthAccounts1764288000000 } from './1764288000000-auth-accounts';
import { AuthCredentials1764510000000 } from './1764510000000-auth-credentials';
import { AuthElevation1764520000000 } from './1764520000000-auth-elevation';
import { AuthCampaigns1764520000001 } from './1764520000001-auth-campaigns';
import { AuthSessionAmr1764540000000 } from './1764540000000-auth-session-amr';
import { AuthOutboxClaimLease1764600000000 } from './1764600000000-auth-outbox-claim-lease';
import { AuthRateLimits1764600000001 } from './1764600000001-auth-rate-limits';

/** Every committed migration of auth, in order. */
export const authMigrations = [AuthInitial1764201600000, AuthAccounts1764288000000, AuthCredentials1764510000000, AuthElevation1764520000000, AuthCampaigns1764520000001, AuthSessionAmr1764540000000, AuthOutboxClaimLease1764600000000, AuthRateLimits1764600000001];
