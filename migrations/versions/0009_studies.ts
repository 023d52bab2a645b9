// Issue 12: configs as data and studies. Configs gain their document (models offered, defaults, modules) and
// name; the API's write model gets `study` and `study_assignment`; the read model `studies` gets
// `study_definition` and `study_arm_assignment` (no foreign keys: a rebuild builds them alone). Frozen in time.

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('config')
    .addColumn('name', 'text')
    .addColumn('document', 'jsonb')
    .addColumn('based_on', 'integer')
    .addColumn('created_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('study')
    .addColumn('study_id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('config_ids', sql`integer[]`, (c) => c.notNull())
    .addColumn('default_config_id', 'integer', (c) => c.notNull().references('config.config_id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // Whether study.started / study.ended are in the log (the schedule appends each once).
    .addColumn('start_recorded', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('end_recorded', 'boolean', (c) => c.notNull().defaultTo(false))
    // An admin ended it before its planned end (ends_at moved to then; before its start for a cancelled one).
    .addColumn('ended_early', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .createTable('study_assignment')
    .addColumn('study_id', 'uuid', (c) => c.notNull().references('study.study_id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('user.user_id').onDelete('cascade'))
    .addColumn('config_id', 'integer', (c) => c.notNull())
    .addColumn('previous_config_id', 'integer', (c) => c.notNull())
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz')
    .addPrimaryKeyConstraint('study_assignment_pkey', ['study_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('study_assignment_open_idx')
    .on('study_assignment')
    .column('user_id')
    .where(sql.ref('released_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('study_definition')
    .addColumn('study_id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('config_ids', sql`integer[]`, (c) => c.notNull())
    .addColumn('default_config_id', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz')
    .addColumn('started_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('end_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('stream_seq', 'bigint')
    .addColumn('start_seq', 'bigint')
    .addColumn('end_seq', 'bigint')
    .execute();

  await db.schema
    .createTable('study_arm_assignment')
    .addColumn('study_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('config_id', 'integer', (c) => c.notNull())
    .addColumn('previous_config_id', 'integer', (c) => c.notNull())
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz')
    .addColumn('stream_seq', 'bigint')
    .addColumn('released_seq', 'bigint')
    .addPrimaryKeyConstraint('study_arm_assignment_pkey', ['study_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('study_arm_assignment_user_idx')
    .on('study_arm_assignment')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['study_arm_assignment', 'study_definition', 'study_assignment', 'study'])
    await db.schema.dropTable(table).ifExists().execute();
  for (const column of ['created_at', 'based_on', 'document', 'name'])
    await db.schema.alterTable('config').dropColumn(column).execute();
}
