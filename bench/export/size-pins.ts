// The pin (stream sequence) at which the completions dataset holds about `size` rows: the last sequence of
// the query whose generations reach that count (each query's events are consecutive in the bench's data),
// so one database serves every size, each export the dataset as a researcher pinned to it would get.
import pg from 'pg';

export interface SizePin {
  size: number;
  pin: number;
  /** The completions (had_generation rows) as of the pin. */
  completions: number;
}

export async function findSizePins(databaseUrl: string, sizes: readonly number[]): Promise<SizePin[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const pins: SizePin[] = [];
    for (const size of sizes) {
      const { rows } = await client.query<{ pin: string; n: string }>(
        `SELECT COALESCE(next_seq - 1, (SELECT last_seq FROM projection_checkpoint WHERE projection = 'queries'))
           AS pin, n
         FROM (
           SELECT mq.stream_seq, lead(mq.stream_seq) OVER w AS next_seq, sum(g.n) OVER w AS n
           FROM meta_query mq
           CROSS JOIN LATERAL (SELECT count(*) AS n FROM had_generation h
                               WHERE h.meta_query_id = mq.meta_query_id) g
           WINDOW w AS (ORDER BY mq.stream_seq)
         ) s
         WHERE n >= $1 ORDER BY stream_seq LIMIT 1`,
        [size],
      );
      const row = rows[0];
      if (!row) throw new Error(`the database holds fewer than ${size} completions`);
      pins.push({ size, pin: Number(row.pin), completions: Number(row.n) });
    }
    return pins;
  } finally {
    await client.end();
  }
}
