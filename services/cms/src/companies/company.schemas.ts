import { timestamp } from '@webinar/contracts';
import { z } from 'zod';

export const createCompanyBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
});
export type CreateCompanyBody = z.infer<typeof createCompanyBody>;

export const companyIdParam = z.uuid();

export const companyView = z.object({ id: z.uuid(), name: z.string(), createdAt: timestamp });
export type CompanyView = z.input<typeof companyView>;
