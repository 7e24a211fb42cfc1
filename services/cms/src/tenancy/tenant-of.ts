// The tenant of a unit of work always comes from the verified identity, never from the request.
// Root belongs to no company and reads across companies only while elevated (a fresh step-up).
import { HttpErrors } from '@webinar/http';
import type { TenantContext } from '@webinar/persistence';
import type { AccessIdentity } from '@webinar/security';
import { TenancyErrors } from './tenancy.errors';

/** Which company's rows a request may touch: its own, or all of them for elevated root. */
export function tenantOf(identity: AccessIdentity): TenantContext {
  if (identity.role === 'root') {
    if (!identity.elevated) throw HttpErrors.elevationRequired();
    return { root: true, reason: `elevated read by ${identity.userId}` };
  }
  return { companyId: companyOf(identity) };
}

/** The caller's own company; for writes, which always happen inside the caller's company. */
export function companyOf(identity: AccessIdentity): string {
  if (identity.role === 'root' || identity.companyId === null) throw TenancyErrors.noCompany();
  return identity.companyId;
}
