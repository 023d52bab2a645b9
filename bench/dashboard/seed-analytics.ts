// Seeds the analytics read model of a migrated database with N completions, the fastest honest way: the
// plugin-shaped events (completion-events.ts, validated as a writer validates them) go through the read
// model's own bulk fold, the one a rebuild uses, which COPYs the rows in; the checkpoint is set to the
// number of events. Users get account rows so that breakdowns by user have names.
import pg from 'pg';
import { createAnalyticsBulkFold } from '../../projections/analytics/bulk-analytics-fold.js';
import { completionEvents, type MixOptions } from './completion-events.js';

export interface SeedResult {
  events: number;
  rows: number;
  foldSeconds: number;
  writeSeconds: number;
  users: string[];
  models: [number, number];
}

export async function seedAnalytics(
  databaseUrl: string,
  o: { completions: number; users: number; days: number; seed: number; end: Date },
): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const dims = await dimensions(client);
    const users = await insertUsers(client, o.users);
    const mix: MixOptions = { ...o, users, ...dims };
    const fold = createAnalyticsBulkFold();
    const t0 = performance.now();
    let events = 0;
    for (const event of completionEvents(mix)) {
      const reason = fold.add(event, ++events);
      if (reason !== null) throw new Error(`event ${events} refused: ${reason}`);
    }
    const t1 = performance.now();
    const rows = await fold.write(client);
    await client.query(
      `INSERT INTO projection_checkpoint (projection, last_seq, updated_at) VALUES ('analytics', $1, now())
       ON CONFLICT (projection) DO UPDATE SET last_seq = excluded.last_seq`,
      [events],
    );
    await client.query('ANALYZE');
    const t2 = performance.now();
    return {
      events,
      rows,
      foldSeconds: (t1 - t0) / 1000,
      writeSeconds: (t2 - t1) / 1000,
      users,
      models: dims.models,
    };
  } finally {
    await client.end();
  }
}

async function dimensions(
  client: pg.Client,
): Promise<Pick<MixOptions, 'models' | 'languages' | 'triggers' | 'versions'>> {
  const ids = async (sql: string) => (await client.query<{ id: number }>(sql)).rows.map((r) => Number(r.id));
  const models = await ids('SELECT model_id AS id FROM model_name ORDER BY model_id LIMIT 2');
  if (models.length < 2) throw new Error('the registry has fewer than two models');
  return {
    models: [models[0]!, models[1]!],
    languages: await ids('SELECT language_id AS id FROM programming_language ORDER BY language_id LIMIT 6'),
    triggers: await ids('SELECT trigger_type_id AS id FROM trigger_type ORDER BY trigger_type_id LIMIT 3'),
    versions: await ids('SELECT version_id AS id FROM plugin_version ORDER BY version_id LIMIT 3'),
  };
}

async function insertUsers(client: pg.Client, n: number): Promise<string[]> {
  const { rows } = await client.query<{ user_id: string }>(
    `INSERT INTO "user" (user_id, joined_at, email, name, password, is_oauth_signup, verified, config_id, preference)
     SELECT gen_random_uuid(), now(), 'bench-' || i || '@example.org', 'bench user ' || i, 'x', false, true, 1, '{}'
     FROM generate_series(1, $1) i RETURNING user_id`,
    [n],
  );
  return rows.map((r) => r.user_id);
}
