import { PersistenceError } from './errors';
import { assertIdentifier, serviceRoles } from './identifiers';

describe('serviceRoles', () => {
  it('names the owner and the application role after the service', () => {
    expect(serviceRoles('auth')).toEqual({ owner: 'auth_owner', app: 'auth_app' });
  });

  it.each(['Auth', 'auth-x', '', '1auth', 'a'.repeat(41), 'auth"'])('refuses %j', (name) => {
    expect(() => serviceRoles(name)).toThrow(PersistenceError);
  });
});

describe('assertIdentifier', () => {
  it('says which value was refused, with a stable code', () => {
    let error: unknown;
    try {
      assertIdentifier('schema', 'a b');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_IDENTIFIER', message: expect.stringContaining('"a b"') });
  });
});
