// Every read model the projection workers keep up to date. Adding one: a folder with its projectors and
// table list, its tables in a migration, and an entry here (docs/projections.md).
import { analyticsReadModel } from './analytics/index.js';
import { chatsReadModel } from './chats/index.js';
import { contextsReadModel } from './contexts/index.js';
import { queriesReadModel } from './queries/index.js';
import type { ReadModel } from './runner/index.js';
import { sessionsReadModel } from './sessions/index.js';
import { studiesReadModel } from './studies/index.js';

export const readModels: readonly ReadModel[] = [
  sessionsReadModel,
  queriesReadModel,
  contextsReadModel,
  analyticsReadModel,
  chatsReadModel,
  studiesReadModel,
];

export function findReadModel(name: string): ReadModel | undefined {
  return readModels.find((m) => m.name === name);
}

/**
 * The connections a pool for the projection workers needs: each runner holds one for its lock and takes one for
 * its transaction, plus two for whoever else reads through the pool (checkpoints, tests). A smaller pool makes
 * runners wait for each other, and one no larger than the number of read models deadlocks.
 */
export function projectionPoolSize(models: readonly ReadModel[] = readModels): number {
  return 2 * models.length + 2;
}
