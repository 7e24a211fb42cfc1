import { Controller, Get, Header, Res } from '@nestjs/common';
import { HealthResponds } from './health-responds';
import { liveBody, readinessReport } from './health.schemas';
import { PublicRoute } from './public-route';
import { ReadinessRegistry, type ReadinessReport } from './readiness';

/** The part of a Fastify reply (or Express response) the controller needs; keeps it platform-neutral. */
interface StatusSettable {
  status(code: number): unknown;
}

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** The process is up and serving; says nothing about its dependencies (a failing liveness probe restarts). */
  @Get('live')
  @PublicRoute()
  @Header('Cache-Control', 'no-store')
  @HealthResponds(200, liveBody)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to take traffic: every registered dependency answered in time. */
  @Get('ready')
  @PublicRoute()
  @Header('Cache-Control', 'no-store')
  @HealthResponds(200, readinessReport)
  @HealthResponds(503, readinessReport)
  async ready(@Res({ passthrough: true }) reply: StatusSettable): Promise<ReadinessReport> {
    const report = await this.readiness.evaluate();
    if (report.status !== 'ok') reply.status(503);
    return report;
  }
}
