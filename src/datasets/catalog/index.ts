// The dataset catalog: every dataset GET /api/datasets lists, with the read models it reads (its pin), the
// filters it takes and its row source. Adding one: its columns and query in this folder, and an entry here.
// The evaluation dataset (src/evaluation) is computed from the completions rows as of the same pin.
import { EVALUATION_SCHEMA, evaluationMetadata } from '../../evaluation/index.js';
import type { DatasetDefinition } from '../dataset-definition.js';
import { sqlRowSource } from '../sql/sql-row-source.js';
import { COMPLETIONS_SCHEMA } from './completions-columns.js';
import { completionsQuery } from './completions-query.js';
import { evaluationRowSource } from './evaluation-dataset.js';
import { CONTEXT_CHANGES_SCHEMA, contextChangesQuery } from './context-changes-dataset.js';
import { eventRows, EVENTS_SCHEMA } from './events-dataset.js';
import { FEEDBACK_SCHEMA, feedbackQuery } from './feedback-dataset.js';
import { GROUND_TRUTH_SCHEMA, groundTruthQuery } from './ground-truth-dataset.js';
import { QUERIES_SCHEMA } from './queries-columns.js';
import { queriesQuery } from './queries-query.js';
import { SESSIONS_SCHEMA, sessionsQuery } from './sessions-dataset.js';
import { CHATS_SCHEMA, chatsQuery } from './chats-dataset.js';
import { STUDY_ARMS_SCHEMA, studyArmsQuery } from './study-arms-dataset.js';

/** Rows per batch (an Arrow record batch, a Parquet row group): wide rows in smaller ones. Part of the bytes. */
const WIDE_BATCH = 2_000;
const NARROW_BATCH = 8_000;

const REQUEST_FILTERS = ['from', 'to', 'language_id', 'trigger_type_id', 'user_id', 'project_id'] as const;

const completionsRows = sqlRowSource(completionsQuery, WIDE_BATCH, [
  'model_id',
  'plugin_version_id',
  'language_id',
  'trigger_type_id',
]);

export const datasetCatalog: readonly DatasetDefinition[] = [
  {
    schema: COMPLETIONS_SCHEMA,
    readModels: ['queries'],
    filters: ['model_id', ...REQUEST_FILTERS],
    timeColumn: 'requested_at',
    rows: completionsRows,
  },
  {
    schema: QUERIES_SCHEMA,
    readModels: ['queries'],
    filters: REQUEST_FILTERS,
    timeColumn: 'requested_at',
    rows: sqlRowSource(queriesQuery, WIDE_BATCH, ['plugin_version_id', 'language_id', 'trigger_type_id']),
  },
  {
    schema: FEEDBACK_SCHEMA,
    readModels: ['queries'],
    filters: ['model_id', ...REQUEST_FILTERS],
    timeColumn: 'received_at',
    rows: sqlRowSource(feedbackQuery, NARROW_BATCH, ['model_id']),
  },
  {
    schema: GROUND_TRUTH_SCHEMA,
    readModels: ['queries'],
    filters: ['model_id', ...REQUEST_FILTERS],
    timeColumn: 'truth_timestamp',
    rows: sqlRowSource(groundTruthQuery, NARROW_BATCH, ['model_id']),
  },
  {
    schema: CONTEXT_CHANGES_SCHEMA,
    readModels: ['contexts'],
    filters: ['from', 'to', 'user_id', 'project_id'],
    timeColumn: 'updated_at',
    rows: sqlRowSource(contextChangesQuery, WIDE_BATCH),
  },
  {
    schema: SESSIONS_SCHEMA,
    readModels: ['sessions'],
    filters: ['from', 'to', 'user_id', 'project_id'],
    timeColumn: 'start_time',
    rows: sqlRowSource(sessionsQuery, NARROW_BATCH),
  },
  {
    schema: EVENTS_SCHEMA,
    readModels: [],
    filters: ['from', 'to', 'model_id', 'user_id', 'project_id'],
    timeColumn: 'occurred_at',
    rows: eventRows,
  },
  {
    schema: EVALUATION_SCHEMA,
    readModels: ['queries'],
    filters: ['model_id', ...REQUEST_FILTERS],
    // The completions' requested_at: the slice of generations the metrics are computed over.
    timeColumn: 'requested_at',
    metadata: evaluationMetadata(),
    rows: evaluationRowSource(completionsRows),
  },
  {
    schema: CHATS_SCHEMA,
    readModels: ['chats'],
    filters: ['from', 'to', 'model_id', 'user_id', 'project_id'],
    timeColumn: 'requested_at',
    rows: sqlRowSource(chatsQuery, WIDE_BATCH, ['model_id']),
  },
  {
    schema: STUDY_ARMS_SCHEMA,
    readModels: ['studies', 'queries'],
    filters: ['from', 'to', 'user_id'],
    timeColumn: 'assigned_at',
    rows: sqlRowSource(studyArmsQuery, NARROW_BATCH),
  },
];

export function findDataset(name: string): DatasetDefinition | undefined {
  return datasetCatalog.find((d) => d.schema.name === name);
}

export function datasetNames(): string[] {
  return datasetCatalog.map((d) => d.schema.name);
}
