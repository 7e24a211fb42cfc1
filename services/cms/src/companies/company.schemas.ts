import { z } from 'zod';

export const createCompanyBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
});
export type CreateCompanyBody = z.infer<typeof createCompanyBody>;

export const companyIdParam = z.uuid();

export interface CompanyView {
  id: string;
  name: string;
  createdAt: string;
}
