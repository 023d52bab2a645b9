// Public surface of src/analytics: the dashboard's metrics over the analytics read model's aggregates.
export { parseAnalyticsFilter, type AnalyticsFilter } from './analytics-filter.js';
export {
  overviewAnswer,
  breakdownAnswer,
  comparisonAnswer,
  survivalAnswer,
  calibrationAnswer,
  BREAKDOWNS,
  type BreakdownBy,
} from './analytics-answers.js';
export { readDimensions, type Dimensions } from './read-dimensions.js';
export { createNatsChangeFeed, type ChangeFeed } from './change-feed.js';
export { readAnalyticsSeq } from './read-checkpoint.js';
export type {
  Overview,
  Breakdown,
  Comparison,
  Survival,
  Calibration,
  Stats,
  RateInterval,
} from './analytics-contract.js';
