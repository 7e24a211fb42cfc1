// auth, described once: its process, its OpenAPI document and the repository tools read this.
import { describeService } from '@webinar/http';
import { AUTH_AUDIENCE, AUTH_PREFIX } from './auth.constants';

export const AUTH_SERVICE = describeService({
  name: 'auth',
  prefix: AUTH_PREFIX,
  audience: AUTH_AUDIENCE,
  description: 'Identity: invitations, login links, sessions, credentials, roles, key sets.',
  apiVersion: '1',
});
