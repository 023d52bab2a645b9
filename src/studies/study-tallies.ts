// What a study report is computed from, read from the read models (studies beside queries): per arm × user the
// completions generated, shown and accepted; per arm the latency quantiles; and each shown completion with its
// latest ground truth. A completion counts for a user's arm when it was served under the arm's config
// (completion.requested's configId) while the user was in the arm (assigned, not yet released, study not ended).
import { sql } from 'kysely';
import type { Db } from '../platform/db.js';

export interface ArmUserTally {
  configId: number;
  userId: string;
  generated: number;
  shown: number;
  accepted: number;
}

export interface ArmLatency {
  configId: number;
  generationP50: number | null;
  generationP95: number | null;
  servingP50: number | null;
  servingP95: number | null;
}

export interface ArmGroundTruth {
  configId: number;
  completion: string;
  groundTruth: string;
}

/** Every user of the study's arms with each generation counted for them (null columns for a user with none). */
const armGenerations = (studyId: string) => sql`(
SELECT a.config_id, a.user_id, hg.meta_query_id, hg.model_id, hg.completion, hg.generation_time, hg.serving_time,
  COALESCE(cardinality(hg.shown_at) > 0, FALSE) AS shown, COALESCE(hg.was_accepted, FALSE) AS was_accepted
FROM study_arm_assignment a
JOIN study_definition sd ON sd.study_id = a.study_id
LEFT JOIN meta_query mq ON mq.user_id = a.user_id AND mq.config_id = a.config_id
  AND mq.timestamp >= a.assigned_at
  AND mq.timestamp < COALESCE(a.released_at, sd.ended_at, sd.ends_at, 'infinity'::timestamptz)
LEFT JOIN had_generation hg ON hg.meta_query_id = mq.meta_query_id
WHERE a.study_id = ${studyId}) g`;

export async function loadArmUserTallies(db: Db, studyId: string): Promise<ArmUserTally[]> {
  const { rows } = await sql<{
    config_id: number;
    user_id: string;
    generated: string;
    shown: string;
    accepted: string;
  }>`
SELECT g.config_id, g.user_id::text AS user_id,
  count(g.meta_query_id) AS generated,
  count(*) FILTER (WHERE g.shown) AS shown,
  count(*) FILTER (WHERE g.shown AND g.was_accepted) AS accepted
FROM ${armGenerations(studyId)}
GROUP BY g.config_id, g.user_id
ORDER BY g.config_id, g.user_id`.execute(db);
  return rows.map((r) => ({
    configId: Number(r.config_id),
    userId: r.user_id,
    generated: Number(r.generated),
    shown: Number(r.shown),
    accepted: Number(r.accepted),
  }));
}

export async function loadArmLatencies(db: Db, studyId: string): Promise<ArmLatency[]> {
  const q = (p: number, column: string) =>
    sql`percentile_cont(${p}) WITHIN GROUP (ORDER BY ${sql.ref(`g.${column}`)})`;
  const { rows } = await sql<{
    config_id: number;
    g50: number | null;
    g95: number | null;
    s50: number | null;
    s95: number | null;
  }>`
SELECT g.config_id, ${q(0.5, 'generation_time')} AS g50, ${q(0.95, 'generation_time')} AS g95,
  ${q(0.5, 'serving_time')} AS s50, ${q(0.95, 'serving_time')} AS s95
FROM ${armGenerations(studyId)}
GROUP BY g.config_id`.execute(db);
  return rows.map((r) => ({
    configId: Number(r.config_id),
    generationP50: r.g50,
    generationP95: r.g95,
    servingP50: r.s50,
    servingP95: r.s95,
  }));
}

/** Shown completions with a ground truth, each with the latest one received. */
export async function loadArmGroundTruths(db: Db, studyId: string): Promise<ArmGroundTruth[]> {
  const { rows } = await sql<{ config_id: number; completion: string; ground_truth: string }>`
SELECT DISTINCT ON (g.meta_query_id, g.model_id) g.config_id, g.completion, gt.ground_truth
FROM ${armGenerations(studyId)}
JOIN ground_truth gt ON gt.completion_query_id = g.meta_query_id AND gt.model_id = g.model_id
WHERE g.shown
ORDER BY g.meta_query_id, g.model_id, gt.truth_timestamp DESC, gt.stream_seq DESC NULLS LAST`.execute(db);
  return rows.map((r) => ({
    configId: Number(r.config_id),
    completion: r.completion,
    groundTruth: r.ground_truth,
  }));
}
