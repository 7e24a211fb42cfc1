// One typed function per API route the app uses.
import { call, cookieCall, forgetTokens, signedInHint } from './http';
import type {
  CompanyView,
  CreateSeminarBody,
  CredentialsView,
  ElevationView,
  GrantView,
  InvitationResult,
  PasswordLoginBody,
  PersonData,
  PersonView,
  RecoveryCodesView,
  RedeemedView,
  RegistrationView,
  SeminarView,
  StreamKeyView,
  TotpEnrolmentView,
  WhoAmI,
} from './types';

/** After any sign-in: the claims change, and the browser now has a session. */
function signedIn(): void {
  forgetTokens();
  signedInHint.set(true);
}

export const api = {
  session: () => cookieCall<WhoAmI>('GET', '/auth/session'),
  logout: async () => {
    signedInHint.set(false);
    forgetTokens();
    await cookieCall<void>('POST', '/auth/logout');
  },
  redeemLink: async (token: string) => {
    const view = await cookieCall<RedeemedView>('POST', '/auth/links/redeem', { token });
    signedIn();
    return view;
  },
  requestLoginLink: (email: string) => cookieCall<unknown>('POST', '/auth/login-links', { email }),
  passwordLogin: async (body: PasswordLoginBody) => {
    const view = await cookieCall<RedeemedView>('POST', '/auth/password-login', body);
    signedIn();
    return view;
  },
  credentials: () => cookieCall<CredentialsView>('GET', '/auth/credentials'),
  setPassword: (password: string) => cookieCall<unknown>('POST', '/auth/credentials/password', { password }),
  startTotp: (password: string) => cookieCall<TotpEnrolmentView>('POST', '/auth/credentials/totp', { password }),
  confirmTotp: (code: string) => cookieCall<RecoveryCodesView>('POST', '/auth/credentials/totp/confirm', { code }),
  campaignAnswer: (campaignId: string, email: string) => cookieCall<unknown>('POST', `/auth/campaign/${encodeURIComponent(campaignId)}`, { email }),
  campaignRedeem: async (token: string) => {
    const view = await cookieCall<RedeemedView>('POST', '/auth/campaign-signups/redeem', { token });
    signedIn();
    return view;
  },

  invite: (rows: Array<{ email: string; companyId?: string; role?: 'prospect' | 'admin' }>) =>
    call<{ results: InvitationResult[] }>('auth', 'POST', '/auth/invitations', { invitations: rows }),
  elevations: () => call<ElevationView[]>('auth', 'GET', '/auth/elevations'),
  requestElevation: (reason: string, durationSeconds: number) =>
    call<ElevationView>('auth', 'POST', '/auth/elevations', { reason, durationSeconds }),
  breakGlass: async (reason: string, durationSeconds: number, secret: string) => {
    const view = await call<ElevationView>('auth', 'POST', '/auth/elevations/break-glass', { reason, durationSeconds, secret });
    signedIn();
    return view;
  },
  endElevation: async (id: string) => {
    const view = await call<ElevationView>('auth', 'POST', `/auth/elevations/${id}/end`);
    signedIn();
    return view;
  },

  companies: () => call<CompanyView[]>('cms', 'GET', '/cms/companies'),
  createCompany: (name: string) => call<CompanyView>('cms', 'POST', '/cms/companies', { name }),
  seminars: () => call<SeminarView[]>('cms', 'GET', '/cms/seminars'),
  seminar: (id: string) => call<SeminarView>('cms', 'GET', `/cms/seminars/${encodeURIComponent(id)}`),
  createSeminar: (body: CreateSeminarBody) => call<SeminarView>('cms', 'POST', '/cms/seminars', body),
  transition: (id: string, to: SeminarView['state']) => call<SeminarView>('cms', 'POST', `/cms/seminars/${id}/transitions`, { to }),
  grants: (id: string) => call<GrantView[]>('cms', 'GET', `/cms/seminars/${id}/grants`),
  grant: (id: string, role: 'presenter' | 'moderator', userId: string) =>
    call<GrantView>('cms', 'PUT', `/cms/seminars/${id}/grants/${role}/${userId}`),
  person: (email: string) => call<PersonView>('cms', 'GET', `/cms/people?email=${encodeURIComponent(email)}`),
  me: () => call<PersonData>('cms', 'GET', '/cms/me'),
  register: async (id: string) => {
    const view = await call<RegistrationView>('cms', 'POST', `/cms/seminars/${encodeURIComponent(id)}/registration`);
    // A prospect becomes a customer now and its tokens are revoked: the next call takes a fresh one.
    forgetTokens();
    return view;
  },
  streamKey: (id: string) => call<StreamKeyView>('cms', 'POST', `/cms/seminars/${encodeURIComponent(id)}/stream-key`),
};
