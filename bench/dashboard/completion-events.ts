// Plugin-shaped events of N completions, generated deterministically (a seeded PRNG): queries of a few hundred
// users in their working hours over D days, two models a query, each with its latency and confidence, both
// shown (95 %), feedback whose acceptance follows the confidence, and the plugin's ground-truth calls at 15, 45
// and 90 s after an acceptance. Each user mostly writes one language and keeps one plugin version a while.
import { seededRandom } from '../../src/platform/seeded-random.js';
import { v4 as uuidv4 } from 'uuid';
import { makeEvent, type DomainEvent } from '../../events/index.js';

export interface MixOptions {
  completions: number;
  users: string[];
  days: number;
  end: Date;
  seed: number;
  models: [number, number];
  languages: number[];
  triggers: number[];
  versions: number[];
}

const HOUR = 3_600_000;
const TEXTS = [
  'return a + b',
  'for i in range(n):',
  'self.items.append(x)',
  'if not value:',
  'print(result)',
];

/** The events of one query after another, in the order the API appends them. */
export function* completionEvents(o: MixOptions): Generator<DomainEvent> {
  const rand = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const start = o.end.getTime() - o.days * 24 * HOUR;
  const profile = o.users.map((userId, i) => ({
    userId,
    startHour: 6 + (i % 9),
    primary: o.languages[i % o.languages.length]!,
    secondary: pick(o.languages),
    versions: [pick(o.versions), pick(o.versions)],
  }));
  for (let q = 0; q < o.completions / 2; q++) {
    const user = pick(profile);
    const day = Math.floor(rand() * o.days);
    const at = new Date(start + day * 24 * HOUR + (user.startHour + rand() * 8) * HOUR);
    if (at.getTime() > o.end.getTime()) at.setTime(o.end.getTime() - rand() * HOUR);
    const ids = {
      userId: user.userId,
      sessionId: user.userId,
      projectId: user.userId,
      queryId: uuidv4(),
      correlationId: `b-${q}`,
    };
    yield requested(
      ids,
      at,
      rand() < 0.8 ? user.primary : user.secondary,
      pick(o.triggers),
      user.versions[day < o.days / 2 ? 0 : 1]!,
    );
    const answers = o.models.map((modelId, m) => ({
      modelId,
      text: pick(TEXTS),
      confidence: rand() ** (m === 0 ? 0.7 : 1.3),
      ms: Math.round(Math.exp(Math.log(m === 0 ? 140 : 320) + 0.5 * normal(rand))),
    }));
    for (const a of answers) yield generated(ids, at, a);
    if (rand() < 0.05) continue;
    yield makeEvent(
      'completion.shown',
      ids,
      { shownAt: iso(at, 400), modelIds: [...o.models] },
      { occurredAt: new Date(at.getTime() + 400) },
    );
    for (const a of answers) {
      const accepted = rand() < 0.1 + 0.45 * a.confidence;
      yield feedback(ids, at, a.modelId, accepted, null, 1_000);
      if (!accepted) continue;
      for (const seconds of [15, 45, 90]) {
        const truth = rand() < 0.7 ? `${a.text}\n` : `${a.text.slice(0, 6)}${pick(TEXTS)}`;
        yield feedback(ids, at, a.modelId, true, truth, 1_000 + seconds * 1_000);
      }
    }
  }
}

type Ids = { userId: string; sessionId: string; projectId: string; queryId: string; correlationId: string };

function requested(
  ids: Ids,
  at: Date,
  languageId: number,
  triggerTypeId: number,
  versionId: number,
): DomainEvent {
  return makeEvent(
    'completion.requested',
    ids,
    {
      requestedAt: at.toISOString(),
      modelIds: [],
      context: null,
      contextualTelemetry: {
        versionId,
        triggerTypeId,
        languageId,
        filePath: null,
        caretLine: null,
        documentCharLength: null,
        relativeDocumentPosition: null,
      },
      behavioralTelemetry: null,
      storeContext: false,
      storeContextualTelemetry: true,
      storeBehavioralTelemetry: false,
      multiFileContextChangesIndexes: {},
      stopSequences: [],
      serverVersionId: 1,
      configId: 1,
      pluginVersionId: versionId,
      multiFileContext: null,
    },
    { occurredAt: at },
  );
}

function generated(
  ids: Ids,
  at: Date,
  a: { modelId: number; text: string; confidence: number; ms: number },
): DomainEvent {
  return makeEvent(
    'completion.generated',
    ids,
    {
      modelId: a.modelId,
      modelName: `model-${a.modelId}`,
      status: 'ok',
      completion: a.text,
      generationTimeMs: a.ms,
      confidence: a.confidence,
      tokens: null,
      logprobs: [],
      servingTimeMs: a.ms + 25,
      modelRevision: null,
      generation: null,
      legacyShownAt: null,
      error: null,
    },
    { occurredAt: new Date(at.getTime() + a.ms) },
  );
}

function feedback(
  ids: Ids,
  at: Date,
  modelId: number,
  wasAccepted: boolean,
  groundTruth: string | null,
  afterMs: number,
): DomainEvent {
  return makeEvent(
    'completion.feedback',
    ids,
    { modelId, wasAccepted, groundTruth, receivedAt: iso(at, afterMs) },
    { occurredAt: new Date(at.getTime() + afterMs) },
  );
}

const iso = (at: Date, plusMs: number): string => new Date(at.getTime() + plusMs).toISOString();

/** A standard normal variate (Box–Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
