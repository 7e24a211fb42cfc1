// One typed function per API route the app uses: the answer's type is the route's `@Responds`
// schema (types.ts), and each body `satisfies` the route's `@BodySchema` type, so a change to either
// side of a route fails the app's type-check instead of a user's click.
import { call, cookieCall, forgetTokens, signedInHint } from './http';
import type {
  AnswerCampaignBody,
  BreakGlassBody,
  CampaignAnswered,
  CampaignSignupRedeemedView,
  CompanyView,
  ConfirmTotpBody,
  CreateCompanyBody,
  CreateInvitationsBody,
  CreateSeminarBody,
  CredentialsView,
  ElevationView,
  GrantView,
  InvitationResults,
  InvitationRow,
  LoginLinkRequested,
  PasswordLoginBody,
  PersonData,
  PersonView,
  RecoveryCodesView,
  RedeemedView,
  RedeemLinkBody,
  RegistrationView,
  RequestElevationBody,
  RequestLoginLinkBody,
  SeminarView,
  SetPasswordBody,
  StartTotpBody,
  StreamKeyView,
  TotpEnrolmentView,
  TransitionBody,
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
    const view = await cookieCall<RedeemedView>('POST', '/auth/links/redeem', { token } satisfies RedeemLinkBody);
    signedIn();
    return view;
  },
  requestLoginLink: (email: string) => cookieCall<LoginLinkRequested>('POST', '/auth/login-links', { email } satisfies RequestLoginLinkBody),
  passwordLogin: async (body: PasswordLoginBody) => {
    const view = await cookieCall<RedeemedView>('POST', '/auth/password-login', body);
    signedIn();
    return view;
  },
  credentials: () => cookieCall<CredentialsView>('GET', '/auth/credentials'),
  setPassword: (password: string) => cookieCall<void>('POST', '/auth/credentials/password', { password } satisfies SetPasswordBody),
  startTotp: (password: string) => cookieCall<TotpEnrolmentView>('POST', '/auth/credentials/totp', { password } satisfies StartTotpBody),
  confirmTotp: (code: string) => cookieCall<RecoveryCodesView>('POST', '/auth/credentials/totp/confirm', { code } satisfies ConfirmTotpBody),
  campaignAnswer: (campaignId: string, email: string) =>
    cookieCall<CampaignAnswered>('POST', `/auth/campaign/${encodeURIComponent(campaignId)}`, { email } satisfies AnswerCampaignBody),
  campaignRedeem: async (token: string) => {
    const view = await cookieCall<CampaignSignupRedeemedView>('POST', '/auth/campaign-signups/redeem', { token } satisfies RedeemLinkBody);
    signedIn();
    return view;
  },

  invite: (rows: InvitationRow[]) => call<InvitationResults>('auth', 'POST', '/auth/invitations', { invitations: rows } satisfies CreateInvitationsBody),
  elevations: () => call<ElevationView[]>('auth', 'GET', '/auth/elevations'),
  requestElevation: (reason: string, durationSeconds: number) =>
    call<ElevationView>('auth', 'POST', '/auth/elevations', { reason, durationSeconds } satisfies RequestElevationBody),
  breakGlass: async (reason: string, durationSeconds: number, secret: string) => {
    const view = await call<ElevationView>('auth', 'POST', '/auth/elevations/break-glass', { reason, durationSeconds, secret } satisfies BreakGlassBody);
    signedIn();
    return view;
  },
  endElevation: async (id: string) => {
    const view = await call<ElevationView>('auth', 'POST', `/auth/elevations/${id}/end`);
    signedIn();
    return view;
  },

  companies: () => call<CompanyView[]>('cms', 'GET', '/cms/companies'),
  createCompany: (name: string) => call<CompanyView>('cms', 'POST', '/cms/companies', { name } satisfies CreateCompanyBody),
  seminars: () => call<SeminarView[]>('cms', 'GET', '/cms/seminars'),
  seminar: (id: string) => call<SeminarView>('cms', 'GET', `/cms/seminars/${encodeURIComponent(id)}`),
  createSeminar: (body: CreateSeminarBody) => call<SeminarView>('cms', 'POST', '/cms/seminars', body),
  transition: (id: string, to: TransitionBody['to']) => call<SeminarView>('cms', 'POST', `/cms/seminars/${id}/transitions`, { to } satisfies TransitionBody),
  grants: (id: string) => call<GrantView[]>('cms', 'GET', `/cms/seminars/${id}/grants`),
  grant: (id: string, role: GrantView['role'], userId: string) => call<GrantView>('cms', 'PUT', `/cms/seminars/${id}/grants/${role}/${userId}`),
  /** Every person of the caller's company with this contact e-mail (exact match); usually one, possibly none. */
  people: (email: string) => call<PersonView[]>('cms', 'GET', `/cms/people?email=${encodeURIComponent(email)}`),
  me: () => call<PersonData>('cms', 'GET', '/cms/me'),
  register: async (id: string) => {
    const view = await call<RegistrationView>('cms', 'POST', `/cms/seminars/${encodeURIComponent(id)}/registration`);
    // A prospect becomes a customer now and its tokens are revoked: the next call takes a fresh one.
    forgetTokens();
    return view;
  },
  streamKey: (id: string) => call<StreamKeyView>('cms', 'POST', `/cms/seminars/${encodeURIComponent(id)}/stream-key`),
};
