import { messages } from '@electric-sql/pglite';
import { DatabaseError } from 'pg';
import { prepareParams, toPgError, toPgResult } from './pg-compat';

describe('toPgError', () => {
  it("rebuilds PGlite's error as pg's DatabaseError, keeping the server fields and dropping the parameters", () => {
    const pgliteError = Object.assign(new messages.DatabaseError('duplicate key value', 42, 'error'), {
      code: '23505',
      constraint: 'users_email_key',
      detail: 'Key (email)=(a@b.c) already exists.',
      query: 'insert into users values ($1)',
      params: ['secret-value'],
    });
    const sut = toPgError(pgliteError);
    expect(sut).toBeInstanceOf(DatabaseError);
    expect(sut).toMatchObject({
      message: 'duplicate key value',
      code: '23505',
      constraint: 'users_email_key',
    });
    expect(JSON.stringify(sut)).not.toContain('secret-value');
  });

  it('leaves other errors alone', () => {
    const error = new Error('not from the database');
    expect(toPgError(error)).toBe(error);
  });
});

describe('toPgResult', () => {
  it("uses the statement's own row count and keeps pg's field shape", () => {
    const sut = toPgResult({
      rows: [{ a: 1 }],
      fields: [{ name: 'a', dataTypeID: 23 }],
      command: 'SELECT',
      rowCount: 1,
      affectedRows: 0,
    });
    expect(sut).toEqual({
      command: 'SELECT',
      rowCount: 1,
      rows: [{ a: 1 }],
      fields: [{ name: 'a', dataTypeID: 23, format: 'text' }],
    });
  });

  it('has a null row count for commands that report none, as pg', () => {
    expect(toPgResult({ rows: [], fields: [], command: 'CREATE', affectedRows: 0 }).rowCount).toBeNull();
  });
});

describe('prepareParams', () => {
  it("prepares values with pg's own rules", () => {
    const sut = prepareParams([true, 5, null, undefined, { a: 1 }, Buffer.from([1]), ['x', 'y']]);
    expect(sut).toEqual(['true', '5', null, null, '{"a":1}', Buffer.from([1]), '{"x","y"}']);
  });
});
