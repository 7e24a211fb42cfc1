// The one home of auth.links. Consuming a link is one UPDATE … WHERE consumed_at IS NULL … RETURNING:
// of any number of concurrent redemptions of one link exactly one gets a row.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { col, parseRows } from '@webinar/persistence';
import { sqlTable } from '../tables';
import { type LinkPurpose, LoginLink } from './login-link.entity';

const links = sqlTable('links');
const idRow = z.object({ id: col.id });

export interface NewLinkRow {
  id: string;
  userId: string;
  purpose: LinkPurpose;
  nonceHash: string;
  expiresAt: Date;
}

/** What a redemption proves: the link's ids (authentic, from the AEAD token) and its nonce's hash. */
export interface LinkClaim {
  id: string;
  userId: string;
  purpose: LinkPurpose;
  nonceHash: string;
}

@Injectable()
export class LinksStore {
  async insert(manager: EntityManager, row: NewLinkRow): Promise<void> {
    await manager.query(`INSERT INTO ${links} (id, user_id, purpose, nonce_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      row.id,
      row.userId,
      row.purpose,
      row.nonceHash,
      row.expiresAt,
    ]);
  }

  /** Revokes the user's unused links: of one purpose, or (no purpose given) all of them. */
  async revokeUnused(manager: EntityManager, userId: string, purpose?: LinkPurpose): Promise<void> {
    await manager.query(
      `UPDATE ${links} SET revoked_at = now()
        WHERE user_id = $1 AND ($2::text IS NULL OR purpose = $2) AND consumed_at IS NULL AND revoked_at IS NULL`,
      [userId, purpose ?? null],
    );
  }

  /** Consumes the link if it is unused, unrevoked, unexpired and not locked; false otherwise. */
  async consume(manager: EntityManager, claim: LinkClaim, maxFailedAttempts: number): Promise<boolean> {
    const rows: unknown = await manager.query(
      `WITH consumed AS (
         UPDATE ${links} SET consumed_at = now()
          WHERE id = $1 AND user_id = $2 AND purpose = $3 AND nonce_hash = $4
            AND consumed_at IS NULL AND revoked_at IS NULL AND expires_at > now() AND failed_attempts < $5
         RETURNING id)
       SELECT id FROM consumed`,
      [claim.id, claim.userId, claim.purpose, claim.nonceHash, maxFailedAttempts],
    );
    return parseRows('links.consume', idRow, rows).length > 0;
  }

  /** A replay, late or revoked use counts against the link. */
  async countFailure(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE ${links} SET failed_attempts = failed_attempts + 1 WHERE id = $1`, [id]);
  }

  /** Every link of the user, newest first (the person's data export): metadata, never the nonce hash. */
  exportOf(manager: EntityManager, userId: string, limit: number): Promise<LoginLink[]> {
    return manager.find(LoginLink, {
      select: { id: true, purpose: true, createdAt: true, expiresAt: true, consumedAt: true, revokedAt: true },
      where: { userId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }
}
