// Model comparison on the same queries: per pair of the chosen models, the paired counts of acceptance over
// the queries where both were shown, both rates with Wilson intervals and their difference with Newcombe's
// paired interval. The pairs table keeps model_a < model_b; a pair asked the other way round is mirrored.
import { sql } from 'kysely';
import type { Db } from '../platform/db.js';
import { rateInterval, type RateInterval } from './acceptance-rate.js';
import type { AnalyticsFilter } from './analytics-filter.js';
import { sourceOf, sourceSql } from './filter-sql.js';
import { pairedDifference, type Difference, type PairedCounts } from './paired-difference.js';

export interface ModelPair {
  a: number;
  b: number;
  queries: number;
  aAccepted: number;
  bAccepted: number;
  bothAccepted: number;
  aRate: RateInterval;
  bRate: RateInterval;
  difference: Difference | null;
}

export async function readComparison(
  db: Db,
  filter: AnalyticsFilter,
  models: readonly number[],
): Promise<ModelPair[]> {
  const { rows } = await sql<{ model_a: number; model_b: number } & PairedCounts>`
    SELECT model_a, model_b, sum(both_accepted)::float8 AS n11, sum(only_a)::float8 AS n10,
      sum(only_b)::float8 AS n01, sum(neither)::float8 AS n00
    FROM ${sourceSql(filter, '_pairs', sourceOf(filter))}
    WHERE model_a IN (${sql.join([...models])}) AND model_b IN (${sql.join([...models])})
    GROUP BY 1, 2`.execute(db);
  const pairs: ModelPair[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const a = models[i]!;
      const b = models[j]!;
      const row = rows.find((r) => r.model_a === Math.min(a, b) && r.model_b === Math.max(a, b));
      const stored = row ?? { n11: 0, n10: 0, n01: 0, n00: 0 };
      const counts = a < b ? stored : { ...stored, n10: stored.n01, n01: stored.n10 };
      pairs.push(modelPair(a, b, counts));
    }
  }
  return pairs;
}

function modelPair(a: number, b: number, c: PairedCounts): ModelPair {
  const queries = c.n11 + c.n10 + c.n01 + c.n00;
  const aAccepted = c.n11 + c.n10;
  const bAccepted = c.n11 + c.n01;
  return {
    a,
    b,
    queries,
    aAccepted,
    bAccepted,
    bothAccepted: c.n11,
    aRate: rateInterval(aAccepted, queries),
    bRate: rateInterval(bAccepted, queries),
    difference: pairedDifference(c),
  };
}
