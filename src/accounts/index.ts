// Public surface of src/accounts: users and their roles, researchers' API tokens, projects, preferences, the
// plugin config and erasure, the outbox of account events and its relay, the session-expiry sweeper and the
// reference data snapshots.
export { ensureDefaultConfig, DEFAULT_CONFIG_ID } from './ensure-default-config.js';
export { ensureModelNames } from './ensure-model-names.js';
export {
  buildPluginConfig,
  DEFAULT_SYSTEM_PROMPT,
  type PluginConfigOptions,
} from './plugin-config/build-plugin-config.js';
export { pluginLanguages, PLUGIN_LANGUAGE_NAMES, type PluginLanguage } from './plugin-config/languages.js';
export { DEFAULT_PREFERENCE, mergePreference, storesContext, type Preference } from './preference.js';
export { toResponseUser, type ResponseUser } from './response-user.js';
export {
  findUserById,
  findUserByEmail,
  insertUser,
  updateUserRow,
  deleteUserRow,
  loadUserPreferenceRow,
  loadConfigData,
  lockUserById,
  isUniqueViolation,
  type UserRow,
  type NewUser,
} from './user-repository.js';
export { insertProject, isProjectMember, type NewProject } from './project-repository.js';
export {
  listApiTokens,
  useApiToken,
  findUserRole,
  type ApiTokenRow,
  type ApiTokenHolder,
} from './api-token-repository.js';
export {
  createApiToken,
  revokeApiToken,
  ApiTokenNameSchema,
  type CreatedApiToken,
  type RevokedApiToken,
} from './api-tokens.js';
export {
  createUserEventPurger,
  purgedEventTypes,
  type PurgeUserEvents,
  type PurgeUserEventsRequest,
} from './purge-user-events.js';
export type { AccountDeps } from './account-deps.js';
export { registerUser, type RegistrationInput } from './register-user.js';
export { authenticateUser, type Credentials, type Authenticated } from './authenticate-user.js';
export { updateUser, serverManagedField, type UserChanges } from './update-user.js';
export { acquireSession, endUserSession } from './session-lifecycle.js';
export { createProject, activateProject, type SessionScope } from './project-lifecycle.js';
export {
  eraseUser,
  purgeErasureStragglers,
  resumeErasures,
  type ErasurePorts,
  type ErasureRequest,
  type ErasureOutcome,
} from './erase-user.js';
export { createErasureSweeper } from './erasure-sweeper.js';
export { ERASURE_STEPS, findOpenErasure, type ErasureJob, type ErasureStep } from './erasure-jobs.js';
export {
  setUserVerified,
  setUserAdmin,
  setUserRole,
  assignUserConfig,
  type OperatorChange,
} from './operator-user-changes.js';
export {
  commitWithEvents,
  insertOutboxRows,
  deleteOutboxRows,
  type AccountChange,
  type AccountTrx,
  type OutboxDeps,
} from './account-outbox.js';
export {
  createOutboxRelay,
  relayOutbox,
  DEFAULT_RELAY_GRACE_MS,
  DEFAULT_RELAY_INTERVAL_MS,
  type RelayOptions,
  type OutboxRelayOptions,
} from './outbox-relay.js';
export {
  createSessionExpirySweeper,
  sweepExpiredSessions,
  sessionExpiredEvent,
  DEFAULT_SWEEP_INTERVAL_MS,
  type SweeperDeps,
  type SweeperOptions,
} from './session-expiry-sweeper.js';
export { createPeriodicTask, type PeriodicTask } from './periodic-task.js';
export { createLastPublishedLookup, type FindLastPublished, type LastPublished } from './last-published.js';
export {
  loadConfigSnapshot,
  loadReferenceSnapshot,
  contentHash,
  type ConfigSnapshot,
  type ReferenceSnapshot,
} from './reference-snapshots.js';
export { publishReferenceData, type ReferenceDeps, type ReferenceVersion } from './publish-reference-data.js';
