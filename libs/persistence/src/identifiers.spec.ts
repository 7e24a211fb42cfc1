import { PersistenceError } from './errors';
import { assertIdentifier, serviceRoles, sqlTableOf } from './identifiers';

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

describe('sqlTableOf', () => {
  const sqlTable = sqlTableOf('auth', { sessions: 'sessions', recoveryCodes: 'recovery_codes' });

  it('quotes the schema and the mapped table name', () => {
    expect(sqlTable('sessions')).toBe('"auth"."sessions"');
    expect(sqlTable('recoveryCodes')).toBe('"auth"."recovery_codes"');
  });

  it('refuses a schema or table name that is not a plain identifier', () => {
    expect(() => sqlTableOf('auth"; drop', { a: 'a' })).toThrow(PersistenceError);
    expect(() => sqlTableOf('auth', { bad: 'x"y' })('bad')).toThrow(PersistenceError);
  });
});
