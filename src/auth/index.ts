// Public surface of src/auth: passwords, auth tokens, sessions and Google ID tokens.
export { hashPassword, verifyPassword, burnPasswordCheck, PASSWORD_HASH_OPTIONS } from './passwords.js';
export { isUuid } from './token-format.js';
export { issueAuthToken, resolveAuthToken, revokeAuthTokens } from './auth-tokens.js';
export {
  findUserSession,
  storeSession,
  checkSession,
  readSession,
  addSessionProject,
  hasSessionProject,
  deleteSession,
  type SessionInfo,
} from './sessions.js';
export { dueSessions, claimExpiredSession, forgetSession, type ExpiredSession } from './session-expiry.js';
export {
  createGoogleTokenVerifier,
  googleNotConfigured,
  type GoogleTokenVerifier,
  type GoogleIdentity,
} from './google-id-token.js';
