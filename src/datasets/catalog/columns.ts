// Short constructors for the catalog's column specs, and the columns several datasets share (ids, models,
// the request's telemetry), so each is described once and the same way everywhere.
import type { ColumnSpec, ColumnType } from '../formats/index.js';

type Nullability = 'null' | 'not null';

function spec(name: string, type: ColumnType, nullability: Nullability, description: string): ColumnSpec {
  return { name, type, nullable: nullability === 'null', description };
}

export const col = {
  string: (name: string, n: Nullability, description: string) =>
    spec(name, { kind: 'string' }, n, description),
  dictionary: (name: string, n: Nullability, description: string) =>
    spec(name, { kind: 'dictionary' }, n, description),
  int32: (name: string, n: Nullability, description: string) => spec(name, { kind: 'int32' }, n, description),
  int64: (name: string, n: Nullability, description: string) => spec(name, { kind: 'int64' }, n, description),
  float64: (name: string, n: Nullability, description: string) =>
    spec(name, { kind: 'float64' }, n, description),
  bool: (name: string, n: Nullability, description: string) => spec(name, { kind: 'bool' }, n, description),
  timestamp: (name: string, n: Nullability, description: string) =>
    spec(name, { kind: 'timestamp' }, n, description),
  json: (name: string, n: Nullability, description: string) => spec(name, { kind: 'json' }, n, description),
  list: (name: string, of: 'float64' | 'string' | 'timestamp', n: Nullability, description: string) =>
    spec(name, { kind: 'list', of }, n, description),
  structList: (name: string, fields: readonly ColumnSpec[], n: Nullability, description: string) =>
    spec(name, { kind: 'struct-list', fields }, n, description),
};

export const queryIdColumn = col.string(
  'query_id',
  'not null',
  'The completion request (UUID; meta_query_id in the Python server, and in the feedback the plugin sends)',
);
export const userIdColumn = col.string('user_id', 'null', 'Who asked (UUID); null if not recorded');
export const sessionIdColumn = col.string(
  'session_id',
  'not null',
  'The login session it was asked in (UUID)',
);
export const projectIdColumn = col.string('project_id', 'not null', 'The project it was asked in (UUID)');
/** Who asked, in which session and project: the ids of the request a row is about, in this order. */
export const requestIdColumns: readonly ColumnSpec[] = [userIdColumn, sessionIdColumn, projectIdColumn];
export const modelColumns: readonly ColumnSpec[] = [
  col.int32('model_id', 'not null', 'The model (ids of the Python server: 1 deepseek-coder-1.3b-base, …)'),
  col.dictionary(
    'model_name',
    'null',
    "The model's name (Hugging Face id); null for an id the server does not know",
  ),
];

/** The request's editor environment and the user's behaviour, as the plugin sent them (when it let them be kept). */
export const telemetryColumns: readonly ColumnSpec[] = [
  col.int32(
    'plugin_version_id',
    'null',
    'Plugin version (ids of the Python server: 1 0.0.1j, 2 0.0.1v, 3 0.1.0j, 4 0.1.0v)',
  ),
  col.dictionary('plugin_version', 'null', 'Plugin version name'),
  col.int32(
    'language_id',
    'null',
    "The edited file's language (ids of the Python server, e.g. 47 Python); null when contextual telemetry was not kept",
  ),
  col.dictionary('language', 'null', 'Language name'),
  col.int32(
    'trigger_type_id',
    'null',
    'What triggered the request: 1 manual, 2 automatic, 3 idle; null when contextual telemetry was not kept',
  ),
  col.dictionary('trigger_type', 'null', 'Trigger name (manual, auto, idle)'),
  col.string('file_path', 'null', 'Path of the edited file in the project (contextual telemetry)'),
  col.int32('caret_line', 'null', '0-based line of the caret (contextual telemetry)'),
  col.int32('document_char_length', 'null', 'Length of the document in characters (contextual telemetry)'),
  col.float64(
    'relative_document_position',
    'null',
    'Caret offset / document length, 0 to 1 (contextual telemetry)',
  ),
  col.int64(
    'time_since_last_shown',
    'null',
    "Milliseconds since the plugin's previous completion request (behavioural telemetry; 0 for the first)",
  ),
  col.int64(
    'time_since_last_accepted',
    'null',
    'Milliseconds since the user last accepted a completion (behavioural telemetry; 0 if never)',
  ),
  col.float64(
    'typing_speed',
    'null',
    'Characters typed per second just before the request (behavioural telemetry)',
  ),
];

/** The code around the caret and the other files the models got, when the user's store_context let them be kept. */
export const contextColumns: readonly ColumnSpec[] = [
  col.string(
    'prefix',
    'null',
    'Code before the caret (secrets replaced by <hidden>); null when the context was not kept',
  ),
  col.string(
    'suffix',
    'null',
    'Code after the caret (redacted likewise); null when the context was not kept',
  ),
  col.string('file_name', 'null', "The edited file's name"),
  col.string('selected_text', 'null', 'The selection, if any'),
  col.structList(
    'context_files',
    [
      col.string('file_path', 'not null', 'The context file (path relative to the project)'),
      col.int32('change_count', 'not null', "Length of the file's change log when the request was served"),
      col.list(
        'lines',
        'string',
        'null',
        'The lines as the models got them (secrets redacted); null when omitted',
      ),
      col.string(
        'omitted',
        'null',
        'Why lines is null: event_size_limit (too large to record); null when they are here',
      ),
    ],
    'not null',
    'The other files of the project the models got as context, by path; empty when none or not kept',
  ),
  col.json(
    'multi_file_context_changes_indexes',
    'not null',
    "{file path: n}: how many entries of each file's change log (the context-changes dataset) existed when the request was served",
  ),
];

/** The request's own columns, in the order request-sql.ts's requestColumns selects them. */
export const requestColumnSpecs: readonly ColumnSpec[] = [
  col.int32('config_id', 'null', "The user's config (the unit of A/B testing) when the request was served"),
  col.int32('server_version_id', 'null', 'The server version that served it'),
  ...telemetryColumns,
  ...contextColumns,
];
