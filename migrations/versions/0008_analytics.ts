// Issue 10's analytics read model: per query and per generation the facts later events need, and hourly
// aggregates (counts, latency and confidence bins, survival slots, paired counts of model pairs) per model,
// language, trigger, plugin version and user, so the dashboard never scans the generations. Frozen in time.

import { sql, type Kysely } from 'kysely';

const DIMENSIONS = sql`language_id integer NOT NULL, trigger_type_id integer NOT NULL,
  plugin_version_id integer NOT NULL, user_id uuid NOT NULL`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE analytics_request (
    meta_query_id uuid PRIMARY KEY, user_id uuid NOT NULL, requested_at timestamptz NOT NULL,
    bucket timestamptz NOT NULL, language_id integer NOT NULL, trigger_type_id integer NOT NULL, plugin_version_id integer NOT NULL,
    config_id bigint, stream_seq bigint NOT NULL)`.execute(db);
  await sql`CREATE TABLE analytics_generation (
    meta_query_id uuid NOT NULL, model_id integer NOT NULL, user_id uuid, confidence double precision,
    completion text NOT NULL, chars integer NOT NULL, generation_ms integer NOT NULL, serving_ms integer NOT NULL,
    shown boolean NOT NULL, accepted boolean NOT NULL, accepted_at timestamptz, feedback_seq bigint,
    truths jsonb NOT NULL, stream_seq bigint NOT NULL, PRIMARY KEY (meta_query_id, model_id))`.execute(db);
  await sql`CREATE TABLE analytics_hourly (
    bucket timestamptz NOT NULL, model_id integer NOT NULL, ${DIMENSIONS},
    generated bigint NOT NULL, shown bigint NOT NULL, accepted bigint NOT NULL,
    shown_chars bigint NOT NULL, accepted_chars bigint NOT NULL, stream_seq bigint NOT NULL,
    PRIMARY KEY (bucket, model_id, language_id, trigger_type_id, plugin_version_id, user_id))`.execute(db);
  await sql`CREATE TABLE analytics_hourly_bins (
    bucket timestamptz NOT NULL, model_id integer NOT NULL, ${DIMENSIONS},
    kind smallint NOT NULL, bin integer NOT NULL,
    n bigint NOT NULL, hits bigint NOT NULL, total bigint NOT NULL, total_square bigint NOT NULL,
    total_hit bigint NOT NULL, stream_seq bigint NOT NULL,
    PRIMARY KEY (bucket, model_id, language_id, trigger_type_id, plugin_version_id, user_id, kind, bin))`.execute(
    db,
  );
  await sql`CREATE TABLE analytics_hourly_pairs (
    bucket timestamptz NOT NULL, model_a integer NOT NULL, model_b integer NOT NULL, ${DIMENSIONS},
    both_accepted bigint NOT NULL, only_a bigint NOT NULL, only_b bigint NOT NULL, neither bigint NOT NULL,
    stream_seq bigint NOT NULL,
    PRIMARY KEY (bucket, model_a, model_b, language_id, trigger_type_id, plugin_version_id, user_id))`.execute(
    db,
  );
  for (const table of ['analytics_request', 'analytics_generation']) {
    await sql`CREATE INDEX ${sql.id(`${table}_user_id_idx`)} ON ${sql.id(table)} (user_id)`.execute(db);
  }
  // A plain user's pages and erasure read by user; the bins are read one kind at a time.
  for (const table of ['analytics_hourly', 'analytics_hourly_bins', 'analytics_hourly_pairs']) {
    await sql`CREATE INDEX ${sql.id(`${table}_user_id_bucket_idx`)} ON ${sql.id(table)} (user_id, bucket)`.execute(
      db,
    );
  }
  await sql`CREATE INDEX analytics_hourly_bins_kind_bucket_idx ON analytics_hourly_bins (kind, bucket)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'analytics_hourly_pairs',
    'analytics_hourly_bins',
    'analytics_hourly',
    'analytics_generation',
    'analytics_request',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
