// Public surface of src/auth: passwords, auth tokens, sessions, Google ID tokens and API token secrets.
export { hashPassword, verifyPassword, burnPasswordCheck, PASSWORD_HASH_OPTIONS } from './passwords.js';
export { isUuid } from './token-format.js';
export { secretsEqual } from './constant-time.js';
export { issueAuthToken, resolveAuthToken, revokeAuthTokens } from './auth-tokens.js';
export {
  fenceUser,
  fencedUsers,
  resolveErasingToken,
  ERASURE_FENCE_TTL_S,
  type FenceOutcome,
} from './erasure-fence.js';
export { createFenceWatch, type FenceWatch } from './fence-watch.js';
export {
  API_TOKEN_PREFIX,
  mintApiTokenSecret,
  hashApiTokenSecret,
  isApiTokenSecret,
  type MintedApiTokenSecret,
} from './api-token-secret.js';
export {
  findUserSession,
  storeSession,
  issueSessionToken,
  readSession,
  addSessionProject,
  hasSessionProject,
  deleteSession,
  type SessionInfo,
  type UserSession,
} from './sessions.js';
export {
  checkSession,
  sessionOfReply,
  sessionCheckInput,
  SESSION_CHECK_LUA,
  type CheckedSession,
} from './session-check.js';
export { dueSessions, claimExpiredSession, forgetSession, type ExpiredSession } from './session-expiry.js';
export {
  createGoogleTokenVerifier,
  googleNotConfigured,
  type GoogleTokenVerifier,
  type GoogleIdentity,
} from './google-id-token.js';
