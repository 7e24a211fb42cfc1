// GDPR export and erasure across services. cms asks (export.requested, erasure.requested), every
// service that may hold data about the person answers (export.part, erasure.completed). Personal data
// itself never travels in the clear: a part carries a compact JWE encrypted to the export's ephemeral
// public key, so outbox rows, broker queues, dead letters and inbox rows hold ciphertext only.
import { z } from 'zod';
import { id, timestamp } from './primitives';

/** A service's name in the protocol ("auth", "polls"): which part of an export or erasure it answers for. */
export const privacyServiceName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);

/** How an answering service encrypts its part: JWE compact, ECDH-ES key agreement, AES-256-GCM content. */
export const PRIVACY_EXPORT_JWE = {
  alg: 'ECDH-ES',
  enc: 'A256GCM',
  typ: 'privacy-export-part+jwe',
} as const;

const coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/**
 * The export's ephemeral public key: an EC P-256 public JWK and nothing else. Strict on purpose: a
 * producer that put the private key (`d`) in here by mistake fails at enqueue instead of shipping it.
 */
export const exportPublicKeySchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: coordinate,
  y: coordinate,
});

/** Five base64url parts (the encrypted-key part is empty for ECDH-ES direct key agreement); ≤ 1 MiB. */
const compactJwe = z
  .string()
  .max(1_048_576)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

/** A person asked for everything held about them; each service answers with one part. */
export const exportRequestedSchema = z.object({
  requestId: id,
  userId: id,
  companyId: id,
  publicKey: exportPublicKeySchema,
  requestedAt: timestamp,
});

/**
 * One service's data about the person, as a JWE whose protected header names the request (`rid`)
 * and the service (`svc`), so a part cannot be replayed into another export or under another name.
 */
export const exportPartSchema = z.object({
  requestId: id,
  companyId: id,
  service: privacyServiceName,
  jwe: compactJwe,
  answeredAt: timestamp,
});

/** A person asked to be forgotten. Carries ids only. */
export const erasureRequestedSchema = z.object({
  requestId: id,
  userId: id,
  companyId: id,
  requestedAt: timestamp,
});

export const ERASURE_OUTCOMES = ['erased', 'nothing-held', 'unknown-person'] as const;

/** One service finished erasing. Names the request, never the person. */
export const erasureCompletedSchema = z.object({
  requestId: id,
  companyId: id,
  service: privacyServiceName,
  outcome: z.enum(ERASURE_OUTCOMES),
  completedAt: timestamp,
});
