// A study's evaluation: per arm its users, completions, acceptance rate with the Wilson interval, mean edit
// similarity to ground truth and latency quantiles, and each arm's difference in acceptance rate to the
// default arm with a per-user cluster bootstrap (interval and p-value). Tallies come from the read models.
import { readCheckpoint } from '../../projections/runner/index.js';
import { editSimilarity, wilsonInterval } from '../evaluation/index.js';
import type { Db } from '../platform/db.js';
import type { Clock } from '../platform/clock.js';
import {
  clusterBootstrapDifference,
  DEFAULT_BOOTSTRAP,
  type BootstrapDifference,
} from './cluster-bootstrap.js';
import { listConfigs } from './config-repository.js';
import { StudyErrors } from './study-errors.js';
import { findStudyRow, toStudyRecord, type StudyRecord } from './study-repository.js';
import {
  loadArmGroundTruths,
  loadArmLatencies,
  loadArmUserTallies,
  type ArmGroundTruth,
  type ArmLatency,
  type ArmUserTally,
} from './study-tallies.js';

export type Interval = { value: number; low: number; high: number } | null;
export type Quantiles = { p50: number | null; p95: number | null };

export interface ArmReport {
  configId: number;
  configName: string | null;
  isDefault: boolean;
  /** Users assigned to the arm, and those with at least one completion in it. */
  users: number;
  activeUsers: number;
  generated: number;
  shown: number;
  accepted: number;
  acceptanceRate: Interval;
  /** Mean edit similarity (0..100) of shown completions to their latest ground truth, over `groundTruths`. */
  meanEditSimilarity: number | null;
  groundTruths: number;
  generationMs: Quantiles;
  servingMs: Quantiles;
  /** Acceptance rate of this arm minus the default's; null for the default arm or without shown completions. */
  difference: BootstrapDifference | null;
}

export interface StudyReport {
  /** The lower of the studies and queries read models' checkpoints when the report was read. */
  asOfSeq: number;
  study: StudyRecord;
  arms: ArmReport[];
  method: { interval: string; difference: string; samples: number; seed: number; level: number };
}

export async function studyReport(deps: { db: Db; clock: Clock }, studyId: string): Promise<StudyReport> {
  const row = await findStudyRow(deps.db, studyId);
  if (!row) throw StudyErrors.studyNotFound(studyId);
  const study = toStudyRecord(row, deps.clock.now());
  // Read before the tallies: the report holds at least everything up to this sequence.
  const asOfSeq = Math.min(
    ...(await Promise.all(['studies', 'queries'].map((m) => readCheckpoint(deps.db, m)))),
  );
  const [tallies, latencies, truths, configs] = await Promise.all([
    loadArmUserTallies(deps.db, studyId),
    loadArmLatencies(deps.db, studyId),
    loadArmGroundTruths(deps.db, studyId),
    listConfigs(deps.db),
  ]);
  const names = new Map(configs.map((c) => [c.configId, c.name]));
  const control = tallies.filter((t) => t.configId === study.defaultConfigId);
  const arms = study.configIds.map((configId) =>
    armReport(configId, configId === study.defaultConfigId, names.get(configId) ?? null, {
      tallies: tallies.filter((t) => t.configId === configId),
      control,
      latency: latencies.find((l) => l.configId === configId),
      truths: truths.filter((t) => t.configId === configId),
    }),
  );
  return {
    asOfSeq,
    study,
    arms,
    method: {
      interval: 'Wilson score interval of accepted / shown',
      difference: 'per-user cluster bootstrap of rate(arm) - rate(default), percentile interval',
      ...DEFAULT_BOOTSTRAP,
    },
  };
}

interface ArmInput {
  tallies: ArmUserTally[];
  control: ArmUserTally[];
  latency: ArmLatency | undefined;
  truths: ArmGroundTruth[];
}

function armReport(
  configId: number,
  isDefault: boolean,
  configName: string | null,
  input: ArmInput,
): ArmReport {
  const sum = (pick: (t: ArmUserTally) => number) => input.tallies.reduce((s, t) => s + pick(t), 0);
  const shown = sum((t) => t.shown);
  const accepted = sum((t) => t.accepted);
  const interval = wilsonInterval(accepted, shown);
  const similarities = input.truths.map((t) => editSimilarity(t.completion, t.groundTruth));
  return {
    configId,
    configName,
    isDefault,
    users: input.tallies.length,
    activeUsers: input.tallies.filter((t) => t.generated > 0).length,
    generated: sum((t) => t.generated),
    shown,
    accepted,
    acceptanceRate: interval ? { value: accepted / shown, ...interval } : null,
    meanEditSimilarity:
      similarities.length > 0 ? similarities.reduce((a, b) => a + b, 0) / similarities.length : null,
    groundTruths: similarities.length,
    generationMs: { p50: input.latency?.generationP50 ?? null, p95: input.latency?.generationP95 ?? null },
    servingMs: { p50: input.latency?.servingP50 ?? null, p95: input.latency?.servingP95 ?? null },
    difference: isDefault ? null : clusterBootstrapDifference(input.tallies, input.control),
  };
}
