import { ForbiddenException } from '@nestjs/common';
import { GLOBAL_ROLES, type GlobalRole } from './access-identity';
import { ACCESS_POLICY, type AccessOptions, type AccessPolicy, Authenticated, RequireRoles } from './decorators';
import { assertMfa, mfaRequired } from './mfa-policy';

function policyOf(decorator: ClassDecorator): AccessPolicy {
  class Target {}
  decorator(Target);
  return Reflect.getMetadata(ACCESS_POLICY, Target) as AccessPolicy;
}

describe('mfa policy', () => {
  it.each(GLOBAL_ROLES.map((role) => [role, role === 'root' || role === 'admin']))(
    'by default (no decision on the route) %s needs mfa: %p',
    (role, expected) => {
      expect(mfaRequired(undefined, { role })).toBe(expected);
      expect(mfaRequired(policyOf(Authenticated()), { role })).toBe(expected);
      expect(mfaRequired(policyOf(RequireRoles(...GLOBAL_ROLES)), { role })).toBe(expected);
    },
  );

  it.each(GLOBAL_ROLES)('an explicit decision holds for %s', (role: GlobalRole) => {
    expect(mfaRequired(policyOf(Authenticated({ mfa: true })), { role })).toBe(true);
    expect(mfaRequired(policyOf(RequireRoles(role, { mfa: false })), { role })).toBe(false);
  });

  it('RequireRoles keeps roles and options apart, options only last', () => {
    expect(policyOf(RequireRoles('admin', 'customer', { mfa: false }))).toEqual({ roles: ['admin', 'customer'], mfa: false });
    expect(policyOf(RequireRoles('admin'))).toEqual({ roles: ['admin'] });
    const misplaced = ['admin', { mfa: false }, 'customer'] as unknown as [GlobalRole, AccessOptions];
    expect(() => RequireRoles(...misplaced)).toThrow('options last');
    expect(() => RequireRoles({ mfa: true })).toThrow('at least one role');
  });

  it('assertMfa refuses anything but mfa: true with AUTH.MFA_REQUIRED', () => {
    expect(() => assertMfa({ mfa: true })).not.toThrow();
    const refusal = (() => {
      try {
        assertMfa({ mfa: false });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(ForbiddenException);
    expect((refusal as ForbiddenException).getResponse()).toMatchObject({ code: 'AUTH.MFA_REQUIRED' });
  });
});
