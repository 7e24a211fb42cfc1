import { libpqEnvironment, withDatabase } from './connection';

describe('libpqEnvironment', () => {
  it('moves every part of the URL into libpq variables, the password out of any argument', () => {
    const { env, database } = libpqEnvironment('postgres://backup%40ops:p%40ss%20word@db.internal:6543/webinar?sslmode=verify-full&sslrootcert=/ca.pem');

    expect(database).toBe('webinar');
    expect(env).toEqual({
      PGHOST: 'db.internal',
      PGPORT: '6543',
      PGUSER: 'backup@ops',
      PGPASSWORD: 'p@ss word',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: '/ca.pem',
      PGAPPNAME: 'webinar-backup',
    });
  });

  it('points at another database of the same server for scratch restores', () => {
    expect(withDatabase('postgres://u:p@h:5432/webinar?sslmode=require', 'webinar_drill_1')).toBe('postgres://u:p@h:5432/webinar_drill_1?sslmode=require');
  });
});
