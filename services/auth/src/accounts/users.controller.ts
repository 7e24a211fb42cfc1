import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { z } from 'zod';
import { AUTH_PREFIX } from '../auth.constants';
import { UserErrors } from '../users/user.errors';
import { UserAdminService } from './user-admin.service';
import { Refuses, Responds } from '@webinar/http';

const userIdParam = z.uuid();

@ApiTags('users')
@Controller(`${AUTH_PREFIX}/users`)
export class UsersController {
  constructor(private readonly admin: UserAdminService) {}

  /** Disables an account: all its sessions end at once, and every service drops its tokens. */
  @Post(':id/disable')
  @HttpCode(204)
  @RequireRoles('root', 'admin')
  @Responds(204)
  @Refuses(UserErrors.notFound)
  async disable(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<void> {
    if (!userIdParam.safeParse(id).success) throw UserErrors.notFound();
    await this.admin.disable(identity, id);
  }
}
