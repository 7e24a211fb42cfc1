// The tenant of a unit of work always comes from the verified identity, never from the request.
// Root belongs to no company and reads across companies only while elevated (a fresh step-up).
import { AppError } from '@webinar/http';
import type { TenantContext } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';

export const TenancyErrorCodes = {
  elevationRequired: 'AUTH.ELEVATION_REQUIRED',
  noCompany: 'AUTH.NO_COMPANY',
} as const;

export class ElevationRequired extends AppError {
  constructor() {
    super(TenancyErrorCodes.elevationRequired, 403, 'Root must step up (elevate) to read company data.');
  }
}

export class NoCompany extends AppError {
  constructor() {
    super(TenancyErrorCodes.noCompany, 403, 'This account belongs to no company.');
  }
}

/** Which company's rows a request may touch: its own, or all of them for elevated root. */
export function tenantOf(identity: AccessIdentity): TenantContext {
  if (identity.role === 'root') {
    if (!identity.elevated) throw new ElevationRequired();
    return { root: true, reason: `elevated read by ${identity.userId}` };
  }
  return { companyId: companyOf(identity) };
}

/** The caller's own company; for writes, which always happen inside the caller's company. */
export function companyOf(identity: AccessIdentity): string {
  if (identity.role === 'root' || identity.companyId === null) throw new NoCompany();
  return identity.companyId;
}
