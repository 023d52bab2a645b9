// Compares an existing event stream with the desired configuration: what may be updated in place (and is), and
// what could delete facts or block erasure and cannot be fixed safely here (the platform refuses to start).
import { RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import type { DesiredStreamConfig } from './stream-config.js';

/** A setting that is updated in place: none of these changes removes an event. */
export interface StreamConfigChange {
  field: keyof DesiredStreamConfig;
  from: unknown;
  to: unknown;
}

/** A setting that could delete facts (or block erasure): the platform refuses to run on it. */
export interface StreamConfigProblem {
  field: string;
  value: unknown;
  /** What the setting does to the events. */
  harm: string;
  fix: string;
}

export interface StreamConfigPlan {
  problems: StreamConfigProblem[];
  changes: StreamConfigChange[];
  /** Settings that differ but harm nothing the platform does, and cannot be changed in place. */
  warnings: string[];
}

const UPDATABLE = [
  'subjects',
  'duplicate_window',
  'max_msg_size',
  'discard',
  'num_replicas',
  'allow_direct',
  'allow_rollup_hdrs',
] as const satisfies ReadonlyArray<keyof DesiredStreamConfig>;

export function planStreamReconcile(current: StreamConfig, desired: DesiredStreamConfig): StreamConfigPlan {
  const changes = UPDATABLE.flatMap((field): StreamConfigChange[] =>
    sameValue(current[field], desired[field]) ? [] : [{ field, from: current[field], to: desired[field] }],
  );
  const warnings = current.deny_delete
    ? [
        `stream ${current.name} has deny_delete=true, which cannot be turned off in place; erasure purges ` +
          'subjects and is not affected.',
      ]
    : [];
  return { problems: findProblems(current), changes, warnings };
}

function findProblems(c: StreamConfig): StreamConfigProblem[] {
  return [...limitProblems(c), ...policyProblems(c)];
}

/** Limits can be lifted in place, but by the operator: they may have deleted events already. */
function limitProblems(c: StreamConfig): StreamConfigProblem[] {
  const limits: Array<[field: string, value: number, harm: string, none: number]> = [
    ['max_age', c.max_age, `events older than ${formatNanos(c.max_age)} are deleted`, 0],
    ['max_msgs', c.max_msgs, 'past this many events the oldest are deleted or new ones refused', -1],
    ['max_bytes', c.max_bytes, 'past this size the oldest events are deleted or new ones refused', -1],
    [
      'max_msgs_per_subject',
      c.max_msgs_per_subject,
      'only the newest events of each type and user are kept',
      -1,
    ],
  ];
  return limits
    .filter(([, value]) => value > 0)
    .map(([field, value, harm, none]) => ({
      field,
      value,
      harm,
      fix: `${field} ${none} means no limit: set it with the nats CLI (\`nats stream edit ${c.name}\`) and start again`,
    }));
}

/** Settings JetStream cannot change in place on an existing stream. */
function policyProblems(c: StreamConfig): StreamConfigProblem[] {
  const fix =
    'JetStream cannot change this in place: copy the events into a new stream with file storage and limits ' +
    `retention (for example one that sources ${c.name}), then point C4M_STREAM at it`;
  const policies: Array<[field: string, value: unknown, unsafe: boolean, harm: string]> = [
    ['storage', c.storage, c.storage === StorageType.Memory, 'every event is lost when the server restarts'],
    [
      'retention',
      c.retention,
      c.retention === RetentionPolicy.Workqueue,
      'an event is deleted once one consumer acknowledged it',
    ],
    [
      'retention',
      c.retention,
      c.retention === RetentionPolicy.Interest,
      'an event is deleted once every consumer acknowledged it',
    ],
    ['deny_purge', c.deny_purge, c.deny_purge, "erasing a user cannot purge the user's events"],
    ['sealed', c.sealed, c.sealed, 'the stream takes no new events and cannot be purged'],
  ];
  return policies
    .filter(([, , unsafe]) => unsafe)
    .map(([field, value, , harm]) => ({ field, value, harm, fix }));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const sorted = (xs: unknown[]) => xs.map(String).sort().join('\n');
    return sorted(a as unknown[]) === sorted(b as unknown[]);
  }
  return a === b;
}

function formatNanos(ns: number): string {
  const s = ns / 1e9;
  if (s >= 86_400) return `${+(s / 86_400).toFixed(2)} d`;
  if (s >= 3_600) return `${+(s / 3_600).toFixed(2)} h`;
  return `${+s.toFixed(3)} s`;
}
