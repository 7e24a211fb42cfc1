export * from './auth.constants';
export * from './auth.module';
export {
  type AuthSettings,
  MAX_INVITATION_TTL_SECONDS,
  MAX_LOGIN_LINK_TTL_SECONDS,
} from './auth.options';
export { AuthBootstrap } from './bootstrap/auth-bootstrap';
export { loadAuthKeys, type AuthKeys } from './keys/auth-keys';
export * from './config';
export { AUTH_SERVICE } from './service';
