import { AuthInitial1764201600000 } from './1764201600000-auth-initial';
import { AuthAccounts1764288000000 } from './1764288000000-auth-accounts';

/** Every committed migration of auth, in order. */
export const authMigrations = [AuthInitial1764201600000, AuthAccounts1764288000000];
