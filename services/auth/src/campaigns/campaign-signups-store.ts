// The one home of auth.campaign_signups. Consuming a sign-up link is one UPDATE … WHERE consumed_at IS
// NULL … RETURNING, as for every link, and only while its campaign is still open (revoking a campaign
// ends its links).
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { col, parseFirstRow } from '@webinar/persistence';
import { sqlTable } from '../tables';

const signups = sqlTable('campaignSignups');
const campaigns = sqlTable('campaigns');
const consumedRow = z.object({ id: col.id, email_cipher: col.text, email_kid: col.text, email_index: col.text });

export type ConsumedSignupRow = z.output<typeof consumedRow>;

export interface NewSignupRow {
  id: string;
  campaignId: string;
  companyId: string;
  email: { cipher: string; kid: string; index: string };
  nonceHash: string;
  ttlSeconds: number;
}

/** What a redemption proves: the ids of the AEAD token and the hash of its nonce. */
export interface SignupClaim {
  id: string;
  campaignId: string;
  companyId: string;
  nonceHash: string;
}

@Injectable()
export class CampaignSignupsStore {
  async insert(manager: EntityManager, row: NewSignupRow): Promise<void> {
    await manager.query(
      `INSERT INTO ${signups} (id, campaign_id, company_id, email_cipher, email_kid, email_index, nonce_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + $8::int * interval '1 second')`,
      [row.id, row.campaignId, row.companyId, row.email.cipher, row.email.kid, row.email.index, row.nonceHash, row.ttlSeconds],
    );
  }

  /** Revokes the unused links of one address for one campaign (one live link per address). */
  async revokeUnusedFor(manager: EntityManager, campaignId: string, emailIndex: string): Promise<void> {
    await manager.query(
      `UPDATE ${signups} SET revoked_at = now()
        WHERE campaign_id = $1 AND email_index = $2 AND consumed_at IS NULL AND revoked_at IS NULL`,
      [campaignId, emailIndex],
    );
  }

  /** Revokes every unused link of the campaign. */
  async revokeUnusedOf(manager: EntityManager, campaignId: string): Promise<void> {
    await manager.query(`UPDATE ${signups} SET revoked_at = now() WHERE campaign_id = $1 AND consumed_at IS NULL AND revoked_at IS NULL`, [
      campaignId,
    ]);
  }

  /** The live link row, consumed; undefined when used, expired, revoked, locked or its campaign closed. */
  async consume(manager: EntityManager, claim: SignupClaim, maxFailedAttempts: number): Promise<ConsumedSignupRow | undefined> {
    const rows: unknown = await manager.query(
      `WITH consumed AS (
         UPDATE ${signups} s SET consumed_at = now()
          WHERE s.id = $1 AND s.campaign_id = $2 AND s.company_id = $3 AND s.nonce_hash = $4
            AND s.consumed_at IS NULL AND s.revoked_at IS NULL AND s.expires_at > now() AND s.failed_attempts < $5
            AND EXISTS (SELECT 1 FROM ${campaigns} c WHERE c.id = s.campaign_id AND c.revoked_at IS NULL AND c.expires_at > now())
         RETURNING s.id, s.email_cipher, s.email_kid, s.email_index)
       SELECT * FROM consumed`,
      [claim.id, claim.campaignId, claim.companyId, claim.nonceHash, maxFailedAttempts],
    );
    return parseFirstRow('campaignSignups.consume', consumedRow, rows);
  }

  /** A replay, late or revoked use counts against the link. */
  async countFailure(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE ${signups} SET failed_attempts = failed_attempts + 1 WHERE id = $1`, [id]);
  }
}
