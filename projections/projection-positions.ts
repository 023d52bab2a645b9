// Where each read model stands, for the metrics read at scrape time: its lag (the stream's last sequence minus
// its checkpoint; every read model consumes the whole stream) and the dead letters it holds. From PostgreSQL
// and the stream, so every projections process reports the same numbers, standby or leader.
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Db } from '../src/platform/db.js';
import type { ProjectionPositions } from '../src/observability/index.js';

export async function readProjectionPositions(
  db: Db,
  jsm: JetStreamManager,
  streamName: string,
  readModels: readonly string[],
): Promise<ProjectionPositions> {
  const [stream, checkpoints, letters] = await Promise.all([
    jsm.streams.info(streamName),
    db.selectFrom('projection_checkpoint').select(['projection', 'last_seq']).execute(),
    db
      .selectFrom('projection_dead_letter')
      .select(['projection', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('projection')
      .execute(),
  ]);
  const lastSeq = stream.state.last_seq;
  const checkpointOf = new Map(checkpoints.map((r) => [r.projection, Number(r.last_seq)]));
  const lettersOf = new Map(letters.map((r) => [r.projection, Number(r.n)]));
  return {
    lag: new Map(readModels.map((m) => [m, Math.max(0, lastSeq - (checkpointOf.get(m) ?? 0))])),
    deadLetters: new Map(readModels.map((m) => [m, lettersOf.get(m) ?? 0])),
  };
}
