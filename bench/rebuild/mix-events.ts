// The events of the generated mix, built as the API builds them, in the shape of each type's current version
// (with `nasty`, a few completions and context updates as v1 writers stored them, which readers upcast). They
// skip makeEvent's validation to generate a million quickly; readers validate them as they decode.
import type { z } from 'zod';
import type { EventType } from '../../events/index.js';
import type { UserErasedV1 } from '../../events/types/accounts.js';
import type { CompletionFeedbackV1, CompletionShownV1 } from '../../events/types/completion.js';
import type { ContextUpdatedV1, ContextUpdatedV2 } from '../../events/types/context.js';
import { failedData, generatedV1, requestedData, requestedV1, shownData } from './mix-completion.js';
import type { MixRandom, MixText } from './mix-content.js';

/** An event as it is appended: the envelope with its data. */
export interface MixEvent {
  id: string;
  type: EventType;
  version: number;
  occurredAt: string;
  userId: string | null;
  sessionId: string | null;
  projectId: string | null;
  queryId: string | null;
  correlationId: string;
  data: unknown;
}

export interface SessionIds {
  userId: string;
  sessionId: string;
  projectId: string;
}

type Ids = Partial<Pick<MixEvent, 'sessionId' | 'projectId' | 'queryId'>> & { userId: string };

const iso = (ms: number) => new Date(ms).toISOString();
const MODELS: [number, string][] = [
  [1, 'deepseek-coder-1.3b'],
  [2, 'starcoder2-3b'],
  [3, 'ministral-8b'],
  [4, 'mellum-4b'],
];

export class MixEvents {
  constructor(
    private readonly rng: MixRandom,
    private readonly text: MixText,
    private readonly nasty: boolean,
  ) {}

  private event(type: EventType, ids: Ids, data: unknown, at: number, version = 1): MixEvent {
    return {
      id: this.rng.uuid7(at),
      type,
      version,
      occurredAt: iso(at),
      userId: ids.userId,
      sessionId: ids.sessionId ?? null,
      projectId: ids.projectId ?? null,
      queryId: ids.queryId ?? null,
      correlationId: `req-${this.rng.uuid7(at)}`,
      data,
    };
  }

  userRegistered(userId: string, at: number): MixEvent {
    const data = {
      email: `${userId}@example.org`,
      name: 'Dev',
      configId: 1,
      isOauthSignup: false,
      joinedAt: iso(at),
    };
    return this.event('user.registered', { userId }, data, at);
  }

  userUpdated(userId: string, at: number): MixEvent {
    return this.event('user.updated', { userId }, { name: 'Dev Renamed', passwordChanged: false }, at);
  }

  userErased(userId: string, deleteData: boolean, at: number): MixEvent {
    const data: z.infer<typeof UserErasedV1> = { deleteData };
    return this.event('user.erased', { userId }, data, at);
  }

  projectCreated(userId: string, projectId: string, at: number): MixEvent {
    return this.event(
      'project.created',
      { userId, projectId },
      { projectName: 'demo', createdAt: iso(at) },
      at,
    );
  }

  projectActivated(s: SessionIds, at: number): MixEvent {
    return this.event('project.activated', s, { activatedAt: iso(at) }, at);
  }

  sessionStarted(s: SessionIds, at: number): MixEvent {
    return this.event(
      'session.started',
      { userId: s.userId, sessionId: s.sessionId },
      { startedAt: iso(at) },
      at,
    );
  }

  sessionEnded(s: SessionIds, reason: 'deactivated' | 'expired' | 'user_deleted', at: number): MixEvent {
    const ids = { userId: s.userId, sessionId: s.sessionId };
    return this.event('session.ended', ids, { endedAt: iso(at), reason }, at);
  }

  /** One context update: one event, or (large updates) one per part sharing the correlation id. */
  contextUpdated(s: SessionIds, at: number, stored: boolean): MixEvent[] {
    type Data = z.infer<typeof ContextUpdatedV2>;
    const changes: Data['changes'] = {};
    const files: Data['files'] = {};
    for (let i = this.rng.int(1, 3); i > 0; i--) {
      const path = this.text.filePath();
      const tooLarge = stored && this.rng.chance(0.05);
      const omitted = !stored ? 'not_stored' : tooLarge ? 'event_size_limit' : null;
      if (omitted === null) changes[path] = this.fileChanges();
      else delete changes[path]; // a path drawn twice keeps its last summary
      files[path] = {
        lineCount: this.rng.int(1, 2000),
        changeCount: this.rng.int(1, 300),
        changesOmitted: omitted,
      };
    }
    if (this.nasty && this.rng.chance(0.02)) {
      // Two names that differ only in a lone surrogate: PostgreSQL stores both as U+FFFD, one row.
      const changesOmitted = stored ? 'event_size_limit' : 'not_stored';
      files['odd\ud800.py'] = { lineCount: 1, changeCount: 1, changesOmitted };
      files['odd\ud801.py'] = { lineCount: 2, changeCount: 2, changesOmitted };
    }
    const data: Data = { updatedAt: iso(at), stored, changes, files, part: { index: 1, count: 1 } };
    if (this.nasty && this.rng.chance(0.05)) return [this.contextUpdatedV1(s, data, at)];
    const paths = Object.keys(files);
    if (paths.length < 2 || !this.rng.chance(this.nasty ? 0.2 : 0.02))
      return [this.event('context.updated', s, data, at, 2)];
    return this.splitUpdate(s, data, paths, at);
  }

  private fileChanges(): z.infer<typeof ContextUpdatedV1>['changes'][string] {
    return Array.from({ length: this.rng.int(1, 3) }, () => {
      const start = this.rng.int(0, 400);
      const lines = Array.from({ length: this.rng.int(1, 4) }, () => this.text.jsonSafeLine());
      return {
        change_type: this.rng.pick(['insert', 'update', 'remove'] as const),
        start_line: start,
        end_line: start + lines.length,
        new_lines: lines,
      };
    });
  }

  /** An update too large for one event, split by file (API: context-events.ts). */
  private splitUpdate(s: SessionIds, data: z.infer<typeof ContextUpdatedV2>, paths: string[], at: number) {
    const correlationId = `req-${this.rng.uuid7(at)}`;
    return paths.map((path, i) => {
      const part = {
        ...data,
        changes: path in data.changes ? { [path]: data.changes[path]! } : {},
        files: { [path]: data.files[path]! },
        part: { index: i + 1, count: paths.length },
      };
      return { ...this.event('context.updated', s, part, at, 2), correlationId };
    });
  }

  /** As a v1 writer stored it: one `stored` for the event, stored files' changes present. */
  private contextUpdatedV1(s: SessionIds, d: z.infer<typeof ContextUpdatedV2>, at: number): MixEvent {
    const files: z.infer<typeof ContextUpdatedV1>['files'] = {};
    for (const [path, f] of Object.entries(d.files))
      files[path] = { lineCount: f.lineCount, changeCount: f.changeCount };
    const data: z.infer<typeof ContextUpdatedV1> = { ...d, files };
    delete (data as { part?: unknown }).part;
    return this.event('context.updated', s, data, at, 1);
  }

  /**
   * A request, its generations and the completion.shown of the models that answered; a few generations
   * reach the stream before the request. With `nasty`, some completions as v1 writers stored them.
   */
  completion(s: SessionIds, at: number): { events: MixEvent[]; shown: number[]; queryId: string } {
    const queryId = this.rng.uuid7(at);
    const ids = { ...s, queryId };
    const v1 = this.nasty && this.rng.chance(0.05);
    const models = this.pickModels();
    const request = requestedData(this.rng, this.text, at, models);
    const failures: MixEvent[] = [];
    const generations: MixEvent[] = [];
    const shown: number[] = [];
    let slowest = 0;
    for (const [modelId, modelName] of models) {
      const serving = this.rng.int(60, 1800);
      slowest = Math.max(slowest, serving);
      const failed = this.rng.chance(0.08);
      const data = failed
        ? failedData(this.rng, this.text, this.nasty, modelId, modelName, serving)
        : shownData(this.rng, this.text, modelId, modelName, serving);
      const upper = this.nasty && this.rng.chance(0.05);
      const generatedIds = upper ? { ...ids, queryId: queryId.toUpperCase() } : ids;
      const stored = v1 ? generatedV1(data, failed ? null : iso(at + slowest)) : data;
      (failed ? failures : generations).push(
        this.event('completion.generated', generatedIds, stored, at + serving, v1 ? 1 : 2),
      );
      if (!failed) shown.push(modelId);
    }
    if (v1) for (const e of generations) (e.data as { shownAt: string }).shownAt = iso(at + slowest);
    const requested = v1
      ? this.event('completion.requested', ids, requestedV1(request), at, 1)
      : this.event('completion.requested', ids, request, at, 2);
    const events = [requested, ...failures, ...generations];
    if (events.length > 1 && this.rng.chance(0.05)) [events[0], events[1]] = [events[1]!, events[0]!];
    if (!v1 && shown.length > 0) events.push(this.shown(ids, shown, at + slowest + this.rng.int(1, 20)));
    return { events, shown, queryId };
  }

  /** The answer reached the plugin; with `nasty` it sometimes names a model that has no generation. */
  private shown(ids: SessionIds & { queryId: string }, models: number[], at: number): MixEvent {
    const modelIds = this.nasty && this.rng.chance(0.05) ? [...models, 99] : models;
    const data: z.infer<typeof CompletionShownV1> = { shownAt: iso(at), modelIds };
    return this.event('completion.shown', ids, data, at);
  }

  feedback(
    ids: SessionIds & { queryId: string },
    modelId: number,
    accepted: boolean,
    truth: string | null,
    at: number,
  ): MixEvent {
    const queryId = this.nasty && this.rng.chance(0.05) ? ids.queryId.toUpperCase() : ids.queryId;
    const data: z.infer<typeof CompletionFeedbackV1> = {
      modelId,
      wasAccepted: accepted,
      groundTruth: truth,
      receivedAt: iso(at),
    };
    return this.event('completion.feedback', { ...ids, queryId }, data, at);
  }

  /** The same feedback call under a new event id, its receivedAt written in another offset or precision. */
  feedbackAgain(call: MixEvent, how: 'offset' | 'precision'): MixEvent {
    const data = { ...(call.data as z.infer<typeof CompletionFeedbackV1>) };
    const ms = Date.parse(data.receivedAt);
    // '.1230004Z' is '.123Z' to PostgreSQL, which keeps microseconds (rounded).
    data.receivedAt = how === 'offset' ? withOffset(ms, 120) : data.receivedAt.replace(/Z$/, '0004Z');
    return { ...call, id: this.rng.uuid7(ms), data };
  }

  orphanFeedback(s: SessionIds, at: number): MixEvent {
    return this.feedback(
      { ...s, queryId: this.rng.uuid7(at - 1000) },
      1,
      true,
      this.rng.chance(0.5) ? 'x = 1' : null,
      at,
    );
  }

  groundTruthText(): string {
    return this.text.code(this.rng.int(20, 160));
  }

  private pickModels(): [number, string][] {
    const count = this.rng.chance(0.5) ? 1 : this.rng.chance(0.7) ? 2 : 3;
    const start = this.rng.int(0, MODELS.length - 1);
    return Array.from({ length: count }, (_, i) => MODELS[(start + i) % MODELS.length]!);
  }
}

function withOffset(ms: number, minutes: number): string {
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, -1);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${local}+${hh}:${mm}`;
}
