// What configs and studies need: the write model, the publisher (through the account outbox), the clock and a
// logger; configs also the model registry (a config offers registry models). Kept narrow: never src/api.
import type { AccountDeps } from '../accounts/index.js';
import type { ModelRegistry } from '../inference/model-registry.js';

export type StudyDeps = Pick<AccountDeps, 'db' | 'publisher' | 'clock' | 'logger'>;

export type ConfigDeps = StudyDeps & { registry: ModelRegistry; googleClientId?: string };
