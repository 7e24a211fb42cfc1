// The API's request and response shapes, imported as TYPES from the services' own schema modules:
// each is `z.input`/`z.infer` of the zod schema the route declares (`@BodySchema`, `@Responds`), the
// same schema its OpenAPI document is generated from and its answers are checked against in tests.
// Never hand-copied, and erased at build time (type-only imports; .dependency-cruiser.cjs forbids
// any other import of service code from the app, so no server code reaches the bundle).
export type { LoginLinkRequested, RedeemLinkBody, RequestLoginLinkBody } from '../../../../auth/src/links/link.schemas';
export type { RedeemedView, SessionView, WhoAmI } from '../../../../auth/src/sessions/session.schemas';
export type {
  ConfirmTotpBody,
  CredentialsView,
  PasswordLoginBody,
  RecoveryCodesView,
  SetPasswordBody,
  StartTotpBody,
  TotpEnrolmentView,
} from '../../../../auth/src/credentials/credential.schemas';
export type { CreateInvitationsBody, InvitationResult, InvitationResults, InvitationRow } from '../../../../auth/src/invitations/invitation.schemas';
export type { BreakGlassBody, ElevationView, RequestElevationBody } from '../../../../auth/src/elevation/elevation.schemas';
export type { AccessTokenBody, AccessTokenView } from '../../../../auth/src/tokens/token.schemas';
export type { AnswerCampaignBody, CampaignAnswered, CampaignSignupRedeemedView } from '../../../../auth/src/campaigns/campaign.schemas';
export type { CompanyView, CreateCompanyBody } from '../../../../cms/src/companies/company.schemas';
export type { CreateSeminarBody, SeminarView, TransitionBody } from '../../../../cms/src/seminars/seminar.schemas';
export type { GrantView } from '../../../../cms/src/grants/grant.schemas';
export type { StreamKeyView } from '../../../../cms/src/media/media.schemas';
export type { PersonData } from '../../../../cms/src/me/me.schemas';
export type { PersonView } from '../../../../cms/src/people/people.schemas';
export type { RegistrationView } from '../../../../cms/src/registrations/registration.schemas';
