import { describeUrl, sessionOptions } from './connection-url';

describe('describeUrl', () => {
  it('names user, host and database but never the password', () => {
    const sut = describeUrl('postgres://auth_app:hunter2@db.internal:5433/webinar?sslmode=require');
    expect(sut).toBe('auth_app@db.internal:5433/webinar');
    expect(sut).not.toContain('hunter2');
  });

  it('does not echo an unparseable URL (it may hold a password)', () => {
    expect(describeUrl('not a url with secret')).not.toContain('secret');
  });
});

describe('sessionOptions', () => {
  it('sets the role and search_path for the whole session', () => {
    expect(sessionOptions('auth_app', ['auth', 'public'])).toBe(
      '-c role=auth_app -c search_path=auth,public',
    );
  });
});
