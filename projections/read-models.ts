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
