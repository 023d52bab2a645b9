// The analytics read model's rollups (issue 10): the hourly tables keep a user in every key, which a dashboard
// cannot sum fast over weeks; these keep hour and UTC day × model × language × trigger × version for all users
// together, and UTC day with the user for each user. Numbered after 0010 (chat), which may already have run.
// Frozen in time.

import { sql, type Kysely } from 'kysely';

const DIMENSIONS = sql`language_id integer NOT NULL, trigger_type_id integer NOT NULL,
  plugin_version_id integer NOT NULL`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const grain of ['hourly', 'daily']) {
    const t = (suffix: string) => sql.id(`analytics_all_${grain}${suffix}`);
    await sql`CREATE TABLE ${t('')} (
      bucket timestamptz NOT NULL, model_id integer NOT NULL, ${DIMENSIONS},
      generated bigint NOT NULL, shown bigint NOT NULL, accepted bigint NOT NULL,
      shown_chars bigint NOT NULL, accepted_chars bigint NOT NULL, stream_seq bigint NOT NULL,
      PRIMARY KEY (bucket, model_id, language_id, trigger_type_id, plugin_version_id))`.execute(db);
    await sql`CREATE TABLE ${t('_bins')} (
      bucket timestamptz NOT NULL, model_id integer NOT NULL, ${DIMENSIONS},
      kind smallint NOT NULL, bin integer NOT NULL,
      n bigint NOT NULL, hits bigint NOT NULL, total bigint NOT NULL, total_square bigint NOT NULL,
      total_hit bigint NOT NULL, stream_seq bigint NOT NULL,
      PRIMARY KEY (bucket, model_id, language_id, trigger_type_id, plugin_version_id, kind, bin))`.execute(
      db,
    );
    await sql`CREATE TABLE ${t('_pairs')} (
      bucket timestamptz NOT NULL, model_a integer NOT NULL, model_b integer NOT NULL, ${DIMENSIONS},
      both_accepted bigint NOT NULL, only_a bigint NOT NULL, only_b bigint NOT NULL, neither bigint NOT NULL,
      stream_seq bigint NOT NULL,
      PRIMARY KEY (bucket, model_a, model_b, language_id, trigger_type_id, plugin_version_id))`.execute(db);
    await sql`CREATE INDEX ${sql.id(`analytics_all_${grain}_bins_kind_bucket_idx`)}
      ON ${t('_bins')} (kind, bucket)`.execute(db);
  }
  // Each user by day (breakdowns by user over weeks): the hourly tables' keys with the UTC day as bucket.
  for (const suffix of ['', '_bins', '_pairs']) {
    const table = `analytics_user_daily${suffix}`;
    await sql`CREATE TABLE ${sql.id(table)} (LIKE ${sql.id(`analytics_hourly${suffix}`)} INCLUDING ALL)`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const grain of ['user_daily', 'all_daily', 'all_hourly'])
    for (const suffix of ['_pairs', '_bins', ''])
      await db.schema.dropTable(`analytics_${grain}${suffix}`).ifExists().execute();
}
