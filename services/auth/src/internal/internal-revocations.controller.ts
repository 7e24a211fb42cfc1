// The media tier's revocation snapshot from auth (docs/architecture.md, "Revocations survive media
// restarts"): the session and user revocations auth announced within the longest playback-token
// lifetime, read from its outbox — exactly the messages the stream nodes take from the bus, so a node
// that restarted refuses the same viewers as before. Internal: signed with the media tier's secret
// (@InternalRoute), never forwarded by nginx.
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Events, PLAYBACK_REVOCATION_WINDOW_SECONDS, type RevocationSnapshot, revocationSnapshotSchema } from '@webinar/contracts';
import { Responds } from '@webinar/http';
import { recentOutboxEvents } from '@webinar/messaging';
import { DATABASE, type Database } from '@webinar/persistence';
import { InternalRoute } from '@webinar/security';
import { AUTH_PREFIX, AUTH_SCHEMA } from '../auth.constants';
import { asAuthSystem } from '../system-tx';

@ApiExcludeController()
@Controller(`${AUTH_PREFIX}/internal`)
export class InternalRevocationsController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  @Get('revocations')
  @InternalRoute()
  @Header('Cache-Control', 'no-store')
  @Responds(200, revocationSnapshotSchema)
  revocations(): Promise<RevocationSnapshot> {
    return asAuthSystem(this.database, 'media-revocation-snapshot', async (manager) => {
      const takenAt = new Date().toISOString();
      const events = await recentOutboxEvents(
        manager,
        AUTH_SCHEMA,
        [Events.SessionRevoked, Events.UserRevoked],
        PLAYBACK_REVOCATION_WINDOW_SECONDS,
      );
      return { takenAt, events: events.map((e) => ({ ...e, name: e.name as RevocationSnapshot['events'][number]['name'] })) };
    });
  }
}
