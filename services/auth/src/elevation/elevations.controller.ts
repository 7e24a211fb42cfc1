import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BodySchema, HttpErrors, Refuses, Responds } from '@webinar/http';
import { z } from 'zod';
import { type AccessIdentity, CurrentIdentity, RequireRoles } from '@webinar/security';
import { AUTH_PREFIX } from '../auth.constants';
import { ElevationErrors } from './elevation.errors';
import { BreakGlassService } from './break-glass.service';
import {
  type BreakGlassBody,
  breakGlassBody,
  elevationIdParam,
  type ElevationView,
  elevationView,
  type RequestElevationBody,
  requestElevationBody,
} from './elevation.schemas';
import { ElevationsService } from './elevations.service';

function elevationId(id: string): string {
  if (!elevationIdParam.safeParse(id).success) throw ElevationErrors.notFound();
  return id;
}

/** Root only: an admin, prospect or customer gets 403 from the platform guard before any of this runs. */
@ApiTags('elevations')
@Controller(`${AUTH_PREFIX}/elevations`)
@RequireRoles('root')
export class ElevationsController {
  constructor(
    private readonly elevations: ElevationsService,
    private readonly breakGlass: BreakGlassService,
  ) {}

  @Post()
  @HttpCode(201)
  @BodySchema(requestElevationBody)
  @Responds(201, elevationView)
  @Refuses(ElevationErrors.tooLong, ElevationErrors.alreadyOpen)
  request(@CurrentIdentity() identity: AccessIdentity, @Body() body: RequestElevationBody): Promise<ElevationView> {
    return this.elevations.request(identity, body);
  }

  @Get()
  @Header('cache-control', 'no-store')
  @Responds(200, z.array(elevationView))
  list(): Promise<ElevationView[]> {
    return this.elevations.list();
  }

  @Post('break-glass')
  @HttpCode(201)
  @BodySchema(breakGlassBody)
  @Responds(201, elevationView)
  @Refuses(HttpErrors.rateLimited, ElevationErrors.breakGlassDisabled, ElevationErrors.breakGlassRefused, ElevationErrors.tooLong, ElevationErrors.alreadyOpen)
  breakGlassElevation(@CurrentIdentity() identity: AccessIdentity, @Body() body: BreakGlassBody): Promise<ElevationView> {
    return this.breakGlass.elevate(identity, body);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Responds(200, elevationView)
  @Refuses(ElevationErrors.notFound, ElevationErrors.selfApproval, ElevationErrors.notOpen)
  approve(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<ElevationView> {
    return this.elevations.approve(identity, elevationId(id));
  }

  @Post(':id/deny')
  @HttpCode(200)
  @Responds(200, elevationView)
  @Refuses(ElevationErrors.notFound, ElevationErrors.selfApproval, ElevationErrors.notOpen)
  deny(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<ElevationView> {
    return this.elevations.deny(identity, elevationId(id));
  }

  /** The requester withdraws a pending request or ends an active elevation early. */
  @Post(':id/end')
  @HttpCode(200)
  @Responds(200, elevationView)
  @Refuses(ElevationErrors.notFound, ElevationErrors.notOpen)
  end(@CurrentIdentity() identity: AccessIdentity, @Param('id') id: string): Promise<ElevationView> {
    return this.elevations.end(identity, elevationId(id));
  }
}
