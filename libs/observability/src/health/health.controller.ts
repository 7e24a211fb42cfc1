import { Controller, Get, Header, Res } from '@nestjs/common';
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
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready to take traffic: every registered dependency answered in time. */
  @Get('ready')
  @PublicRoute()
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: StatusSettable): Promise<ReadinessReport> {
    const report = await this.readiness.evaluate();
    if (report.status !== 'ok') reply.status(503);
    return report;
  }
}
