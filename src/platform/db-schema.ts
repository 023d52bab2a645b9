// Kysely's view of the PostgreSQL schema (migrations/ creates it). Table and column names keep the Python
// server's research tables so existing analysis scripts keep working.
import type { ColumnType, Generated, GeneratedAlways, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

// ---- Accounts: written by the API (they need uniqueness checks at once), every change also an event.
export interface ConfigTable {
  /** Serial: a created config takes the next id (migration 0009's configs as data). */
  config_id: Generated<number>;
  config_data: string;
  /** Configs as data (migration 0009); null on rows made before it. */
  name: ColumnType<string | null, string | null | undefined, string | null>;
  document: ColumnType<ConfigDocumentColumn | null, string | null | undefined, string | null>;
  based_on: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface UserTable {
  user_id: string;
  joined_at: Timestamp;
  email: string;
  name: string;
  /** argon2id PHC string. */
  password: string;
  is_oauth_signup: boolean;
  verified: boolean;
  config_id: number;
  preference: JSONColumnType<Record<string, unknown>>;
  /** What the account may do beyond the plugin (migration 0006): researchers and admins read datasets. */
  role: Generated<'user' | 'researcher' | 'admin'>;
  /** `role = 'admin'`, computed by PostgreSQL (migration 0006); kept for the plugin's ResponseUser. */
  is_admin: GeneratedAlways<boolean>;
}
/** Researchers' API tokens (migration 0006): only the SHA-256 of the secret is stored. */
export interface ApiTokenTable {
  token_id: string;
  user_id: string;
  name: string;
  /** Hex SHA-256 of the secret. */
  token_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}
export interface ProjectTable {
  project_id: string;
  project_name: string;
  created_at: Timestamp;
  /** Who created it; only members may activate it (the Python server let anyone guess a project id). */
  created_by: string | null;
}
export interface ProjectUsersTable {
  project_id: string;
  user_id: string;
  joined_at: Timestamp;
}

/** Events of account changes committed with their rows, until JetStream acknowledged them (src/accounts). */
export interface AccountOutboxTable {
  position: Generated<number>;
  event_id: string;
  user_id: string | null;
  /** The encoded event. */
  payload: Buffer;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

// ---- Lookups seeded with the Python server's ids.
export interface ModelNameTable {
  model_id: number;
  model_name: string;
  is_instruction_tuned: boolean;
}
export interface PluginVersionTable {
  version_id: number;
  version_name: string;
  ide_type: string;
  description: string | null;
}
export interface TriggerTypeTable {
  trigger_type_id: number;
  trigger_type_name: string;
}
export interface ProgrammingLanguageTable {
  language_id: number;
  language_name: string;
}

/** The config document (events/types/studies.ts ConfigDocumentV1). */
export interface ConfigDocumentColumn {
  models: { offered: number[]; defaults: number[] };
  modules: { telemetry: boolean; groundTruth: boolean; multiFileContext: boolean };
}
/** Studies (migration 0009): the API's write model; the read model `studies` mirrors them from the events. */
export interface StudyTable {
  study_id: string;
  name: string;
  description: string;
  config_ids: number[];
  default_config_id: number;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  created_at: Timestamp;
  start_recorded: Generated<boolean>;
  end_recorded: Generated<boolean>;
  ended_early: Generated<boolean>;
}
export interface StudyAssignmentTable {
  study_id: string;
  user_id: string;
  config_id: number;
  previous_config_id: number;
  assigned_at: Timestamp;
  released_at: Timestamp | null;
}

// ---- Research read models: written only by projections from the event stream.
/** Stream sequence of the event that created the row (migration 0007); null for rows written before it. */
type CreatedAtSeq = number | null;

export interface SessionTable {
  session_id: string;
  user_id: string | null;
  start_time: Timestamp;
  end_time: Timestamp | null;
  stream_seq: CreatedAtSeq;
  /** Sequence of the session.started that set start_time; null while start_time is a stand-in (migration 0007). */
  start_seq: number | null;
  /** Sequence of the session.ended that set end_time; null while open (migration 0007). */
  end_seq: number | null;
}
export interface SessionProjectsTable {
  session_id: string;
  project_id: string;
  stream_seq: CreatedAtSeq;
}
export interface ContextTable {
  context_id: string;
  prefix: string | null;
  suffix: string | null;
  file_name: string | null;
  selected_text: string | null;
  stream_seq: CreatedAtSeq;
}
export interface ContextualTelemetryTable {
  contextual_telemetry_id: string;
  version_id: number;
  trigger_type_id: number;
  language_id: number;
  file_path: string | null;
  caret_line: number | null;
  document_char_length: number | null;
  relative_document_position: number | null;
  stream_seq: CreatedAtSeq;
}
export interface BehavioralTelemetryTable {
  behavioral_telemetry_id: string;
  time_since_last_shown: number | null;
  time_since_last_accepted: number | null;
  typing_speed: number | null;
  stream_seq: CreatedAtSeq;
}
export interface MetaQueryTable {
  meta_query_id: string;
  user_id: string | null;
  contextual_telemetry_id: string | null;
  behavioral_telemetry_id: string | null;
  context_id: string | null;
  session_id: string;
  project_id: string;
  multi_file_context_changes_indexes: JSONColumnType<Record<string, number>>;
  timestamp: Timestamp;
  total_serving_time: number | null;
  server_version_id: number | null;
  query_type: 'chat' | 'completion';
  /** The user's config when the request was served (migration 0005); null for requests recorded before. */
  config_id: number | null;
  /** The plugin version, whatever store_contextual_telemetry said (migration 0005). */
  plugin_version_id: number | null;
  stream_seq: CreatedAtSeq;
  /** Sequence of the completion.requested that wrote the request's columns; null in a stub (migration 0007). */
  request_seq: number | null;
}
export interface CompletionQueryTable {
  meta_query_id: string;
  stream_seq: CreatedAtSeq;
}
export interface HadGenerationTable {
  meta_query_id: string;
  model_id: number;
  completion: string;
  generation_time: number;
  /** An array column is one ColumnType, not an array of them (Kysely would not unwrap the element type). */
  shown_at: ColumnType<Date[], Date[] | string[], Date[] | string[]>;
  was_accepted: boolean;
  /** Null when the model reported no confidence (migration 0005). */
  confidence: number | null;
  /** Null elements where a log-probability was not finite. */
  logprobs: Array<number | null>;
  /** Each token's text beside `logprobs`; null when not recorded (migration 0005). */
  tokens: string[] | null;
  serving_time: number | null;
  model_revision: string | null;
  generation_parameters: JSONColumnType<GenerationParametersColumn> | null;
  stream_seq: CreatedAtSeq;
  /** Sequence of the event that set shown_at (completion.shown, or a v1 generation); null while never shown. */
  shown_seq: number | null;
}
export interface GenerationParametersColumn {
  maxNewTokens: number;
  temperature: number;
  topP: number;
  stop: string[];
  deadlineMs: number;
}
/** The context files a request sent to the model (migration 0005), when store_context allowed it. */
export interface QueryContextFileTable {
  meta_query_id: string;
  file_path: string;
  change_count: number;
  /** The lines as the model got them; null when omitted (see `omitted`). */
  lines: JSONColumnType<string[]> | null;
  omitted: 'event_size_limit' | null;
  stream_seq: CreatedAtSeq;
}
/** Models that failed or missed the deadline: kept for research, never shown to the plugin. */
export interface FailedGenerationTable {
  meta_query_id: string;
  model_id: number;
  error_code: string;
  error_message: string;
  generation_time: number;
  failed_at: Timestamp;
  serving_time: number | null;
  generation_parameters: JSONColumnType<GenerationParametersColumn> | null;
  stream_seq: CreatedAtSeq;
}
export interface GroundTruthTable {
  completion_query_id: string;
  truth_timestamp: Timestamp;
  ground_truth: string;
  model_id: number;
  stream_seq: CreatedAtSeq;
}
/** Every feedback call as it came (acceptance and ground truth), in stream order. */
export interface FeedbackTable {
  event_id: string;
  meta_query_id: string;
  model_id: number;
  was_accepted: boolean;
  ground_truth: string | null;
  received_at: Timestamp;
  stream_seq: CreatedAtSeq;
}
/** The multi-file context change log, one row per file per update. */
export interface ContextChangeTable {
  event_id: string;
  project_id: string;
  session_id: string;
  user_id: string | null;
  file_path: string;
  changes: JSONColumnType<unknown[]> | null;
  line_count: number;
  change_count: number;
  stored: boolean;
  updated_at: Timestamp;
  /** Why `changes` is null: 'not_stored' or 'event_size_limit' (migration 0005). */
  changes_omitted: 'not_stored' | 'event_size_limit' | null;
  stream_seq: CreatedAtSeq;
}

/** Read model `studies` (migration 0009). */
export interface StudyDefinitionTable {
  study_id: string;
  name: string;
  description: string;
  config_ids: number[];
  default_config_id: number;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  end_reason: 'schedule' | 'admin' | null;
  created_at: Timestamp;
  stream_seq: CreatedAtSeq;
  start_seq: number | null;
  end_seq: number | null;
}
export interface StudyArmAssignmentTable {
  study_id: string;
  user_id: string;
  config_id: number;
  previous_config_id: number;
  assigned_at: Timestamp;
  released_at: Timestamp | null;
  stream_seq: CreatedAtSeq;
  released_seq: number | null;
}

// ---- The analytics read model (migrations 0008 and 0011, docs/analytics.md): facts per query and generation, hourly
// aggregates per model × language × trigger × plugin version × user (0 = unknown dimension).
export interface AnalyticsRequestTable {
  meta_query_id: string;
  user_id: string;
  requested_at: Timestamp;
  bucket: Timestamp;
  language_id: number;
  trigger_type_id: number;
  plugin_version_id: number;
  config_id: number | null;
  stream_seq: number;
}
export interface AnalyticsGenerationTable {
  meta_query_id: string;
  model_id: number;
  user_id: string | null;
  confidence: number | null;
  completion: string;
  chars: number;
  generation_ms: number;
  serving_ms: number;
  shown: boolean;
  accepted: boolean;
  accepted_at: Timestamp | null;
  feedback_seq: number | null;
  /** [{at (epoch ms), es (edit similarity · 10⁶), retained}] of the scored ground-truth snapshots. */
  truths: JSONColumnType<{ at: number; es: number; retained: boolean }[]>;
  stream_seq: number;
}
interface AnalyticsCellKey {
  bucket: Timestamp;
  language_id: number;
  trigger_type_id: number;
  plugin_version_id: number;
  user_id: string;
  stream_seq: number;
}
export interface AnalyticsHourlyTable extends AnalyticsCellKey {
  model_id: number;
  generated: number;
  shown: number;
  accepted: number;
  shown_chars: number;
  accepted_chars: number;
}
export interface AnalyticsHourlyBinsTable extends AnalyticsCellKey {
  model_id: number;
  /** src/analytics/bin-kinds.ts */
  kind: number;
  bin: number;
  n: number;
  hits: number;
  total: number;
  total_square: number;
  total_hit: number;
}
/** The rollups for all users together by hour and by UTC day (migration 0011_analytics_rollups): no user. */
export type AnalyticsAllTable = Omit<AnalyticsHourlyTable, 'user_id'>;
export type AnalyticsAllBinsTable = Omit<AnalyticsHourlyBinsTable, 'user_id'>;
export type AnalyticsAllPairsTable = Omit<AnalyticsHourlyPairsTable, 'user_id'>;
export interface AnalyticsHourlyPairsTable extends AnalyticsCellKey {
  model_a: number;
  model_b: number;
  both_accepted: number;
  only_a: number;
  only_b: number;
  neither: number;
}

// ---- Projection bookkeeping.
export interface ProjectionCheckpointTable {
  projection: string;
  last_seq: number;
  updated_at: Timestamp;
}
export interface ProjectionDeadLetterTable {
  id: Generated<number>;
  projection: string;
  stream_seq: number;
  subject: string;
  reason: string;
  payload: Buffer;
  received_at: Timestamp;
}

/** An account erasure job (migration 0012): no personal data beyond the pseudonymous user id. */
export interface ErasureTable {
  erasure_id: string;
  user_id: string;
  delete_data: boolean;
  step: string;
  attempts: Generated<number>;
  erased_seq: ColumnType<string | null, number | null | undefined, number | null>;
  purged_events: Generated<number>;
  requested_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The user.erased events the projections passed (migration 0012). */
export interface ProjectionErasedUserTable {
  user_id: string;
  erased_seq: ColumnType<string, number, number>;
}

export interface Database {
  config: ConfigTable;
  user: UserTable;
  project: ProjectTable;
  project_users: ProjectUsersTable;
  api_token: ApiTokenTable;
  account_outbox: AccountOutboxTable;
  erasure: ErasureTable;
  model_name: ModelNameTable;
  plugin_version: PluginVersionTable;
  trigger_type: TriggerTypeTable;
  programming_language: ProgrammingLanguageTable;
  session: SessionTable;
  session_projects: SessionProjectsTable;
  context: ContextTable;
  contextual_telemetry: ContextualTelemetryTable;
  behavioral_telemetry: BehavioralTelemetryTable;
  meta_query: MetaQueryTable;
  completion_query: CompletionQueryTable;
  had_generation: HadGenerationTable;
  query_context_file: QueryContextFileTable;
  failed_generation: FailedGenerationTable;
  ground_truth: GroundTruthTable;
  feedback: FeedbackTable;
  context_change: ContextChangeTable;
  projection_checkpoint: ProjectionCheckpointTable;
  projection_dead_letter: ProjectionDeadLetterTable;
  projection_erased_user: ProjectionErasedUserTable;
  study: StudyTable;
  study_assignment: StudyAssignmentTable;
  study_definition: StudyDefinitionTable;
  study_arm_assignment: StudyArmAssignmentTable;
  analytics_request: AnalyticsRequestTable;
  analytics_generation: AnalyticsGenerationTable;
  analytics_hourly: AnalyticsHourlyTable;
  analytics_hourly_bins: AnalyticsHourlyBinsTable;
  analytics_hourly_pairs: AnalyticsHourlyPairsTable;
  analytics_all_hourly: AnalyticsAllTable;
  analytics_all_hourly_bins: AnalyticsAllBinsTable;
  analytics_all_hourly_pairs: AnalyticsAllPairsTable;
  analytics_all_daily: AnalyticsAllTable;
  analytics_all_daily_bins: AnalyticsAllBinsTable;
  analytics_all_daily_pairs: AnalyticsAllPairsTable;
  analytics_user_daily: AnalyticsHourlyTable;
  analytics_user_daily_bins: AnalyticsHourlyBinsTable;
  analytics_user_daily_pairs: AnalyticsHourlyPairsTable;
  chat: ChatTable;
  chat_query: ChatQueryTable;
  chat_response: ChatResponseTable;
}

// ---- The chats read model (migration 0010, docs/chat.md).
/** One chat of the plugin's chat window; its id is the plugin's own. */
export interface ChatTable {
  chat_id: string;
  user_id: string;
  project_id: string;
  /** Null until the first turn is answered. */
  title: string | null;
  created_at: Timestamp;
  stream_seq: number;
  /** Sequence of the chat.answered that set the title. */
  title_seq: number | null;
}
/** One turn: the user's new message and what came with it (context and telemetry only where allowed). */
export interface ChatQueryTable {
  meta_query_id: string;
  chat_id: string;
  user_id: string;
  session_id: string;
  project_id: string;
  requested_at: Timestamp;
  user_message: string;
  system_prompt: string | null;
  prior_messages: number;
  first_turn: boolean;
  context: JSONColumnType<Record<string, unknown>> | null;
  /** 'event_size_limit' when store_context allowed the context but it did not fit one event. */
  context_omitted: 'event_size_limit' | null;
  contextual_telemetry: JSONColumnType<Record<string, unknown>> | null;
  behavioral_telemetry: JSONColumnType<Record<string, unknown>> | null;
  store_context: boolean;
  store_contextual_telemetry: boolean;
  store_behavioral_telemetry: boolean;
  web_enabled: boolean;
  model_ids: number[];
  multi_file_context_changes_indexes: JSONColumnType<Record<string, number>>;
  server_version_id: number;
  config_id: number | null;
  answered_at: Timestamp | null;
  stream_seq: number;
  answered_seq: number | null;
}
/** One model's answer to a turn (or its failure). */
export interface ChatResponseTable {
  meta_query_id: string;
  model_id: number;
  chat_id: string;
  model_name: string;
  status: 'ok' | 'failed';
  answer: string;
  model_title: string | null;
  generation_time: number;
  serving_time: number;
  model_revision: string | null;
  generation_parameters: JSONColumnType<GenerationParametersColumn>;
  error_code: string | null;
  error_message: string | null;
  stream_seq: number;
}
