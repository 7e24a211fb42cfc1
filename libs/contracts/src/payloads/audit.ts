import { z } from 'zod';
import { id, text, timestamp } from './primitives';

// Audit records are kept for years and shown to tenant admins, so a credential that slips into
// one is a leak with a long tail. The schema refuses the common shapes outright instead of
// trusting every caller to remember.
const forbiddenKeyParts = ['token', 'secret', 'password', 'passwd', 'authorization', 'cookie', 'credential'];
const jwtLike = /eyJ[\w-]{4,}\.[\w-]{4,}\./;
const bearerLike = /^\s*(bearer|basic)\s+\S/i;

function isSensitiveKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  // "...key" (apiKey, streamKey, signingKey) holds key material; "keyId" does not. "otp" only as
  // a prefix or suffix, since the letters also occur inside ordinary words ("footprint").
  return (
    normalised.endsWith('key') ||
    normalised.startsWith('otp') ||
    normalised.endsWith('otp') ||
    forbiddenKeyParts.some((part) => normalised.includes(part))
  );
}

function looksLikeCredential(value: string): boolean {
  return jwtLike.test(value) || bearerLike.test(value);
}

const detailValue = z.union([z.string().max(512), z.number().finite(), z.boolean()]);

export const auditDetailsSchema = z
  .record(z.string().min(1).max(64), detailValue)
  .superRefine((details, ctx) => {
    const entries = Object.entries(details);
    if (entries.length > 50) {
      ctx.addIssue({ code: 'custom', message: 'Too many detail entries (max 50)' });
    }
    for (const [key, value] of entries) {
      // Messages name the key but never echo the value: it may be the very secret being refused.
      // A boolean under such a key ("passwordReset: true") cannot carry the secret itself.
      if (isSensitiveKey(key) && typeof value !== 'boolean') {
        ctx.addIssue({ code: 'custom', path: [key], message: 'Detail key names a credential; never audit secrets' });
      } else if (typeof value === 'string' && looksLikeCredential(value)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'Detail value looks like a credential' });
      }
    }
  });

export const auditRecordedSchema = z
  .object({
    actorId: id.nullable(),
    companyId: id.nullable(),
    action: text(128),
    subject: text(256).optional(),
    at: timestamp,
    details: auditDetailsSchema,
  })
  .superRefine((event, ctx) => {
    if (event.subject !== undefined && looksLikeCredential(event.subject)) {
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'Subject looks like a credential' });
    }
  });
