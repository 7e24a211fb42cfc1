// The API's request and response shapes, imported as TYPES from the services' own schema and view
// modules: never hand-copied, and erased at build time (type-only imports; .dependency-cruiser.cjs
// forbids any other import of service code from the app, so no server code reaches the bundle).
export type { RequestLoginLinkBody } from '../../../../auth/src/links/link.schemas';
export type { RedeemedView } from '../../../../auth/src/sessions/signed-in-view';
export type {
  CredentialsView,
  PasswordLoginBody,
  RecoveryCodesView,
  SetPasswordBody,
  TotpEnrolmentView,
} from '../../../../auth/src/credentials/credential.schemas';
export type { CreateInvitationsBody, InvitationResult } from '../../../../auth/src/invitations/invitation.schemas';
export type { BreakGlassBody, ElevationView, RequestElevationBody } from '../../../../auth/src/elevation/elevation.schemas';
export type { WhoAmI } from '../../../../auth/src/sessions/sessions.controller';
export type { AccessTokenView } from '../../../../auth/src/tokens/token.controller';
export type { CompanyView, CreateCompanyBody } from '../../../../cms/src/companies/company.schemas';
export type { CreateSeminarBody, SeminarView, TransitionBody } from '../../../../cms/src/seminars/seminar.schemas';
export type { GrantView } from '../../../../cms/src/grants/grants.service';
export type { StreamKeyView } from '../../../../cms/src/media/stream-keys.service';
export type { PersonData } from '../../../../cms/src/me/person-data';
export type { PersonView } from '../../../../cms/src/people/people.schemas';
export type { RegistrationView } from '../../../../cms/src/registrations/registrations.service';
