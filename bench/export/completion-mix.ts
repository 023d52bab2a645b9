// The rows one generated completion request leaves in the queries read model, as its projectors would have
// written them from the stream: the request (meta_query, completion_query, context, telemetry, context files)
// at one stream sequence, then one or two generations (now and then a failed model), completion.shown,
// feedback and the later ground-truth calls, each at the next sequence. Seeded, so a seed gives the same rows.
import type {
  BehavioralTelemetryRow,
  ContextRow,
  ContextualTelemetryRow,
  FailedGenerationRow,
  FeedbackRow,
  GroundTruthRow,
  HadGenerationRow,
  MetaQueryRow,
  QueryContextFileRow,
} from '../../projections/queries/query-rows.js';
import { MixRandom, MixText } from '../rebuild/mix-content.js';

export interface QueryMixRows {
  meta: MetaQueryRow & { total_serving_time: number | null };
  context: ContextRow | null;
  contextual: ContextualTelemetryRow | null;
  behavioral: BehavioralTelemetryRow | null;
  files: QueryContextFileRow[];
  generations: HadGenerationRow[];
  failures: FailedGenerationRow[];
  feedback: FeedbackRow[];
  truths: GroundTruthRow[];
}

const MODEL_IDS = [1, 2, 3, 4];
const QUERIES_PER_SESSION = 60;
const USERS = 400;
const PARAMETERS = { maxNewTokens: 64, temperature: 0, topP: 1, stop: ['\n\n'], deadlineMs: 5000 };
const iso = (ms: number) => new Date(ms).toISOString();

export class CompletionMix {
  private readonly rng: MixRandom;
  private readonly text: MixText;
  private clock = Date.parse('2026-03-01T08:00:00.000Z');
  private session = { id: '', user: '', project: '' };
  private queries = 0;
  /** The stream sequence of the last event of the last query made. */
  seq = 0;

  constructor(seed: number) {
    this.rng = new MixRandom(seed);
    this.text = new MixText(this.rng, false);
  }

  next(): QueryMixRows {
    if (this.queries++ % QUERIES_PER_SESSION === 0) this.newSession();
    this.clock += this.rng.int(200, 20_000);
    const at = this.clock;
    const id = this.rng.uuid7(at);
    const seq = ++this.seq;
    const storeContext = this.rng.chance(0.7);
    const rows: QueryMixRows = {
      meta: this.metaRow(id, at, seq),
      context: storeContext ? this.contextRow(id, seq) : null,
      contextual: this.rng.chance(0.9) ? this.contextualRow(id, seq) : null,
      behavioral: this.rng.chance(0.85) ? this.behavioralRow(id, seq) : null,
      files: storeContext ? this.fileRows(id, seq) : [],
      generations: [],
      failures: [],
      feedback: [],
      truths: [],
    };
    rows.meta.contextual_telemetry_id = rows.contextual ? id : null;
    rows.meta.behavioral_telemetry_id = rows.behavioral ? id : null;
    rows.meta.context_id = rows.context ? id : null;
    this.addGenerations(rows, id, at);
    rows.meta.total_serving_time = Math.max(
      ...rows.generations.map((g) => g.serving_time),
      ...rows.failures.map((f) => f.serving_time),
    );
    this.addShownAndFeedback(rows, id, at);
    return rows;
  }

  private newSession(): void {
    const user = this.rng.int(0, USERS - 1);
    const uuid = (n: number, kind: string) =>
      `00000000-0000-4000-8${kind}00-${n.toString(16).padStart(12, '0')}`;
    this.session = {
      id: this.rng.uuid7(this.clock),
      user: uuid(user, '0'),
      project: uuid(user * 4 + this.rng.int(0, 3), '1'),
    };
  }

  private metaRow(id: string, at: number, seq: number): QueryMixRows['meta'] {
    const indexes: Record<string, number> = {};
    for (let i = this.rng.int(0, 3); i > 0; i--) indexes[this.text.filePath()] = this.rng.int(0, 50);
    return {
      meta_query_id: id,
      user_id: this.session.user,
      contextual_telemetry_id: null,
      behavioral_telemetry_id: null,
      context_id: null,
      session_id: this.session.id,
      project_id: this.session.project,
      multi_file_context_changes_indexes: JSON.stringify(indexes),
      timestamp: iso(at),
      total_serving_time: null,
      server_version_id: 1,
      query_type: 'completion',
      config_id: this.rng.chance(0.95) ? this.rng.int(1, 3) : null,
      plugin_version_id: this.rng.int(1, 4),
      stream_seq: seq,
      request_seq: seq,
    };
  }

  private contextRow(id: string, seq: number): ContextRow {
    return {
      context_id: id,
      prefix: this.text.code(this.rng.int(100, 1500)),
      suffix: this.text.code(this.rng.int(0, 400)),
      file_name: this.rng.chance(0.9) ? this.text.filePath() : null,
      selected_text: this.rng.chance(0.1) ? this.text.line() : null,
      stream_seq: seq,
    };
  }

  private contextualRow(id: string, seq: number): ContextualTelemetryRow {
    const rng = this.rng;
    return {
      contextual_telemetry_id: id,
      version_id: rng.int(1, 4),
      trigger_type_id: rng.int(1, 3),
      language_id: rng.pick([1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144]),
      file_path: rng.chance(0.9) ? this.text.filePath() : null,
      caret_line: rng.chance(0.9) ? rng.int(0, 3000) : null,
      document_char_length: rng.chance(0.9) ? rng.int(0, 120_000) : null,
      relative_document_position: rng.chance(0.9) ? rng.next() : null,
      stream_seq: seq,
    };
  }

  private behavioralRow(id: string, seq: number): BehavioralTelemetryRow {
    const rng = this.rng;
    return {
      behavioral_telemetry_id: id,
      time_since_last_shown: rng.chance(0.9) ? rng.int(0, 600_000) : null,
      time_since_last_accepted: rng.chance(0.7) ? rng.int(0, 3_600_000) : null,
      typing_speed: rng.chance(0.9) ? Math.round(rng.next() * 1000) / 100 : null,
      stream_seq: seq,
    };
  }

  private fileRows(id: string, seq: number): QueryContextFileRow[] {
    if (!this.rng.chance(0.3)) return [];
    const paths = new Set(Array.from({ length: this.rng.int(1, 3) }, () => this.text.filePath()));
    return [...paths].map((path) => ({
      meta_query_id: id,
      file_path: path,
      change_count: this.rng.int(0, 50),
      lines: JSON.stringify(Array.from({ length: this.rng.int(0, 12) }, () => this.text.jsonSafeLine())),
      omitted: null,
      stream_seq: seq,
    }));
  }

  /** One model, or two; now and then a third that failed or missed the deadline. */
  private addGenerations(rows: QueryMixRows, id: string, at: number): void {
    const count = this.rng.chance(0.5) ? 1 : 2;
    const start = this.rng.int(0, MODEL_IDS.length - 1);
    for (let i = 0; i < count; i++) {
      rows.generations.push(this.generationRow(id, MODEL_IDS[(start + i) % MODEL_IDS.length]!));
    }
    if (this.rng.chance(0.05)) {
      const serving = this.rng.int(100, 5000);
      rows.failures.push({
        meta_query_id: id,
        model_id: MODEL_IDS[(start + count) % MODEL_IDS.length]!,
        error_code: this.rng.pick(['deadline', 'model_failed', 'unavailable']),
        error_message: 'the model did not answer in time',
        generation_time: serving,
        failed_at: iso(at + serving),
        serving_time: serving,
        generation_parameters: JSON.stringify(PARAMETERS),
        stream_seq: ++this.seq,
      });
    }
  }

  private generationRow(id: string, modelId: number): HadGenerationRow {
    const rng = this.rng;
    const count = rng.int(10, 30);
    const serving = rng.int(60, 900);
    return {
      meta_query_id: id,
      model_id: modelId,
      completion: this.text.code(rng.int(5, 120)),
      generation_time: Math.max(0, serving - rng.int(5, 50)),
      shown_at: [],
      was_accepted: false,
      confidence: rng.chance(0.05) ? null : rng.next(),
      logprobs: Array.from({ length: count }, () => (rng.chance(0.01) ? null : -rng.next() * 5)),
      tokens: rng.chance(0.05) ? null : Array.from({ length: count }, () => this.text.line().slice(0, 8)),
      serving_time: serving,
      model_revision: rng.chance(0.1) ? null : `sha256:${modelId}${rng.int(0, 9)}`,
      generation_parameters: JSON.stringify({ ...PARAMETERS, temperature: rng.pick([0, 0.2, 0.7]) }),
      stream_seq: ++this.seq,
      shown_seq: null,
    };
  }

  /** Most queries are shown; a shown one gets feedback, and an accepted one its ground-truth snapshots. */
  private addShownAndFeedback(rows: QueryMixRows, id: string, at: number): void {
    if (!this.rng.chance(0.8)) return;
    const shownSeq = ++this.seq;
    const shownAt = iso(at + rows.meta.total_serving_time! + this.rng.int(1, 20));
    for (const g of rows.generations) {
      g.shown_at = [shownAt];
      g.shown_seq = shownSeq;
    }
    if (!this.rng.chance(0.9)) return;
    const g = this.rng.pick(rows.generations);
    g.was_accepted = this.rng.chance(0.3);
    const received = at + this.rng.int(500, 8000);
    rows.feedback.push(this.feedbackRow(id, g.model_id, g.was_accepted, null, received));
    if (!g.was_accepted && !this.rng.chance(0.2)) return;
    for (let i = 1, n = this.rng.int(1, 3); i <= n; i++) {
      const truth = this.text.code(this.rng.int(20, 160));
      const when = received + i * 30_000;
      const call = this.feedbackRow(id, g.model_id, g.was_accepted, truth, when);
      rows.feedback.push(call);
      rows.truths.push({
        completion_query_id: id,
        truth_timestamp: call.received_at,
        ground_truth: truth,
        model_id: g.model_id,
        stream_seq: call.stream_seq,
      });
    }
  }

  private feedbackRow(
    id: string,
    modelId: number,
    accepted: boolean,
    truth: string | null,
    at: number,
  ): FeedbackRow {
    return {
      event_id: this.rng.uuid7(at),
      meta_query_id: id,
      model_id: modelId,
      was_accepted: accepted,
      ground_truth: truth,
      received_at: iso(at),
      stream_seq: ++this.seq,
    };
  }
}
