import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, Refuses, Responds } from '@webinar/http';
import type { FastifyReply } from 'fastify';
import { AUTH_PREFIX } from '../auth.constants';
import { CurrentSession, SessionAuth } from '../sessions/session-auth';
import type { SessionContext } from '../sessions/sessions.service';
import {
  type ChangePasswordBody,
  changePasswordBody,
  type ConfirmTotpBody,
  confirmTotpBody,
  type CredentialsView,
  credentialsView,
  type PasswordChangedView,
  passwordChangedView,
  type RecoveryCodesView,
  recoveryCodesView,
  type SetPasswordBody,
  setPasswordBody,
  type StartTotpBody,
  startTotpBody,
  type TotpEnrolmentView,
  totpEnrolmentView,
} from './credential.schemas';
import { CredentialsService } from './credentials.service';
import { withRetryAfter } from './retry-after';
import { CredentialErrors } from './credential.errors';
import { UserErrors } from '../users/user.errors';

/** The signed-in user's own password and authenticator (cookie-authenticated, like the session routes). */
@ApiTags('credentials')
@Controller(`${AUTH_PREFIX}/credentials`)
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get()
  @SessionAuth()
  @Responds(200, credentialsView)
  @Refuses(UserErrors.notFound)
  status(@CurrentSession() session: SessionContext): Promise<CredentialsView> {
    return this.credentials.status(session);
  }

  /** Sets the first password (within 10 minutes of signing in); 409 when one is already set. */
  @Post('password')
  @HttpCode(204)
  @SessionAuth()
  @BodySchema(setPasswordBody)
  @Responds(204)
  @Refuses(CredentialErrors.reauthenticationRequired, CredentialErrors.passwordAlreadySet, CredentialErrors.passwordTooShort, CredentialErrors.passwordTooLong, CredentialErrors.passwordContainsEmail, CredentialErrors.passwordCommon, UserErrors.notFound)
  async setPassword(@CurrentSession() session: SessionContext, @Body() body: SetPasswordBody): Promise<void> {
    await this.credentials.setPassword(session, body.password);
  }

  /** Changes the password given the current one; the user's other sessions end. */
  @Post('password/change')
  @HttpCode(200)
  @SessionAuth()
  @BodySchema(changePasswordBody)
  @Responds(200, passwordChangedView)
  @Refuses(CredentialErrors.passwordNotSet, CredentialErrors.passwordWrong, CredentialErrors.loginBackoff, CredentialErrors.passwordTooShort, CredentialErrors.passwordTooLong, CredentialErrors.passwordContainsEmail, CredentialErrors.passwordCommon, UserErrors.notFound)
  async changePassword(
    @CurrentSession() session: SessionContext,
    @Body() body: ChangePasswordBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PasswordChangedView> {
    const sessionsRevoked = await withRetryAfter(reply, () => this.credentials.changePassword(session, body.currentPassword, body.newPassword));
    return { sessionsRevoked };
  }

  /** Starts an authenticator enrolment: the secret as otpauth URI, base32 and QR code (shown once). */
  @Post('totp')
  @HttpCode(200)
  @SessionAuth()
  @BodySchema(startTotpBody)
  @Responds(200, totpEnrolmentView)
  @Refuses(CredentialErrors.passwordNotSet, CredentialErrors.passwordWrong, CredentialErrors.loginBackoff, UserErrors.notFound)
  async startTotp(
    @CurrentSession() session: SessionContext,
    @Body() body: StartTotpBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TotpEnrolmentView> {
    const view = await withRetryAfter(reply, () => this.credentials.startTotp(session, body.password));
    void reply.header('cache-control', 'no-store');
    return view;
  }

  /** Confirms the enrolment with a first code; answers the recovery codes (shown once). */
  @Post('totp/confirm')
  @HttpCode(200)
  @SessionAuth()
  @BodySchema(confirmTotpBody)
  @Responds(200, recoveryCodesView)
  @Refuses(CredentialErrors.totpNoEnrolment, CredentialErrors.totpInvalid, CredentialErrors.loginBackoff, UserErrors.notFound)
  async confirmTotp(
    @CurrentSession() session: SessionContext,
    @Body() body: ConfirmTotpBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecoveryCodesView> {
    const view = await withRetryAfter(reply, () => this.credentials.confirmTotp(session, body.code));
    void reply.header('cache-control', 'no-store');
    return view;
  }
}
