// The analytics read model (docs/analytics.md): per query and generation what later events need, and hourly
// aggregates per model × language × trigger × plugin version × user that the dashboard reads.
import type { ReadModel } from '../runner/index.js';
import { ANALYTICS_TABLES, analyticsProjectors } from './analytics-projectors.js';
import { createAnalyticsBulkFold } from './bulk-analytics-fold.js';

export const analyticsReadModel: ReadModel = {
  name: 'analytics',
  tables: ANALYTICS_TABLES,
  projectors: analyticsProjectors,
  createBulkFold: createAnalyticsBulkFold,
};
