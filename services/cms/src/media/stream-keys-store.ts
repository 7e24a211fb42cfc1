// The one home of cms.stream_keys: only a key's id and hash are kept, never the key.
import { Injectable } from '@nestjs/common';
import { type EntityManager, IsNull } from 'typeorm';
import { StreamKey } from './stream-key.entity';

@Injectable()
export class StreamKeysStore {
  findById(manager: EntityManager, id: string): Promise<StreamKey | null> {
    return manager.findOneBy(StreamKey, { id });
  }

  /** The presenter's newest unrevoked key for the seminar. */
  latestLiveOf(manager: EntityManager, seminarId: string, presenterId: string): Promise<StreamKey | null> {
    return manager.findOne(StreamKey, { where: { seminarId, presenterId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /** Revokes every unrevoked key of the presenter for the seminar. */
  async revokeLiveOf(manager: EntityManager, seminarId: string, presenterId: string, at: Date): Promise<void> {
    await manager.update(StreamKey, { seminarId, presenterId, revokedAt: IsNull() }, { revokedAt: at });
  }

  insert(manager: EntityManager, key: Omit<StreamKey, 'createdAt'>): Promise<StreamKey> {
    return manager.save(manager.create(StreamKey, key));
  }
}
