import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, Responds } from '@webinar/http';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { AUTH_PREFIX } from '../auth.constants';
import { type CreateInvitationsBody, createInvitationsBody, type InvitationResults, invitationResults } from './invitation.schemas';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@Controller(`${AUTH_PREFIX}/invitations`)
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** One or many invitations; the answer has one result per row, in order. */
  @Post()
  @HttpCode(200)
  @RequireRoles('root', 'admin')
  @BodySchema(createInvitationsBody)
  @Responds(200, invitationResults)
  async create(@CurrentIdentity() identity: AccessIdentity, @Body() body: CreateInvitationsBody): Promise<InvitationResults> {
    return { results: await this.invitations.inviteAll(identity, body.invitations) };
  }
}
