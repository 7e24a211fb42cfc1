// The admin side of the attendee journey lives with the standalone's process tests, which use it too
// (deploy/standalone depends on nothing in e2e; e2e already depends on the standalone).
export * from '../../standalone/test/attendee-setup';
