// Public surface of the live multi-file context.
export type { LiveContextStore, AppliedContextUpdate, ContextFileSnapshot } from './live-context-store.js';
export { ContextBusyError, withProjectLock, type ProjectLockOptions } from './project-lock.js';
export {
  createLiveContextStore,
  kvKeyOf,
  type ContextStoreOptions,
  type FileEntry,
} from './redis-kv-context-store.js';
export { applyFileChanges, applyChange, isWholeFileResend, selectContextFiles } from './line-semantics.js';
