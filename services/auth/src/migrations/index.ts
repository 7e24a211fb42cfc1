import { AuthInitial1764201600000 } from './1764201600000-auth-initial';

/** Every committed migration of auth, in order. */
export const authMigrations = [AuthInitial1764201600000];
