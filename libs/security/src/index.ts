export { CryptoError, type CryptoErrorCode } from './errors/crypto-error';
export { KeySetError, type KeySetErrorCode } from './errors/key-set-error';
export { isTokenError, TokenError, type TokenErrorCode } from './errors/token-error';

export {
  type ActiveKey,
  type KeyInfo,
  KeySet,
  type KeySetJson,
  type KeyState,
  type KeyUse,
  type PublicJwk,
  publicJwkSet,
  type PublicJwkSet,
  type VerificationKey,
} from './keys/key-set';
export { type KeySetLocation, loadOrCreateKeySet, saveKeySet } from './keys/key-set-file';
export { createRemoteKeySet } from './keys/remote-key-set';

export { TOKEN_TYPES, type TokenType } from './token-types';
export { signJwt, type SignJwtOptions } from './jwt/sign-jwt';
export {
  ALLOWED_JWT_ALGORITHMS,
  type RegisteredClaims,
  type VerifiedJwt,
  verifyJwt,
  type VerifyJwtOptions,
} from './jwt/verify-jwt';
export { encryptJwe, type EncryptJweOptions, JWE_ALG, JWE_ENC } from './jwe/encrypt-jwe';
export { decryptJwe, type DecryptJweOptions } from './jwe/decrypt-jwe';
export { sealJsonToPublicKey, type SealHeader } from './jwe/seal-to-public-key';

export { hashToken, randomNonce128, randomToken, timingSafeEqualHex } from './crypto/random-tokens';
export { FieldCipher } from './crypto/field-encryption';
export {
  deriveSubjectKey,
  MASTER_KEY_BYTES,
  newSubjectSalt,
  SUBJECT_SALT_BYTES,
  SubjectKeyring,
  type SubjectSaltLookup,
} from './crypto/subject-keys';
export { blindIndex, normaliseForBlindIndex } from './crypto/blind-index';

export {
  hashPassword,
  needsRehash,
  PASSWORD_HASH_PARAMS,
  type PasswordHashParams,
  readPasswordHashParams,
  verifyPassword,
  verifyPasswordAgainstDecoy,
} from './passwords/passwords';

export {
  type AccessIdentity,
  GLOBAL_ROLES,
  type GlobalRole,
  IDENTITY_REQUEST_PROPERTY,
  PRIVILEGED_ROLES,
} from './guard/access-identity';
export {
  ACCESS_POLICY,
  type AccessOptions,
  type AccessPolicy,
  Authenticated,
  CurrentIdentity,
  IS_PUBLIC,
  Public,
  RequireRoles,
} from './guard/decorators';
export { type AuthErrorBody, internalUnauthenticatedBody, mfaRequiredBody } from './guard/auth-error-bodies';
export { assertMfa, mfaRequired } from './guard/mfa-policy';
export { RevocationSet, type RevocationSetOptions } from './guard/revocation-set';
export { AccessTokenVerifier, type AccessTokenVerifierOptions } from './guard/access-token-verifier';
export {
  issueAccessToken,
  type IssueAccessTokenOptions,
  MAX_ACCESS_TOKEN_TTL_SECONDS,
} from './guard/issue-access-token';
export { ACCESS_TOKEN_STRATEGY, ACCESS_TOKEN_VERIFIER } from './guard/injection-tokens';
export { AccessTokenStrategy } from './guard/access-token.strategy';
export { AccessGuard } from './guard/access.guard';
export { SecurityModule } from './guard/security.module';

export {
  AEAD_TLS12_CIPHER_LIST,
  AEAD_TLS12_CIPHERS,
  PREFERRED_ECDH_GROUPS,
  supportedEcdhGroups,
  TLS13_CIPHER_SUITES,
  type TlsMaterial,
  type TlsServerOptions,
  tlsServerOptions,
} from './tls/tls-profile';
export {
  canonicalJson,
  INTERNAL_CALLER_HEADER,
  INTERNAL_MAX_SKEW_SECONDS,
  INTERNAL_SIGNATURE_HEADER,
  INTERNAL_TIME_HEADER,
  InternalCredential,
  InternalCredentialError,
} from './internal/internal-credential';
export {
  INTERNAL_CALLER_PROPERTY,
  INTERNAL_CREDENTIAL,
  INTERNAL_ROUTE,
  InternalRequestGuard,
  InternalRoute,
} from './internal/internal-route';
