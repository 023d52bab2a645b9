// A plugin-like event stream for the rebuild benchmark and the bulk folds' equivalence test: users register,
// sessions start, projects are activated, completions are requested of one to three models (some fail, a
// few generations reach the stream before their request, the models that answered are shown), feedback and the delayed ground-truth calls
// follow, context updates come in between, sessions end and now and then a user is erased. Seeded: the same
// options give the same events. `nasty` adds the edge cases a rebuild must reproduce exactly.
import { MixRandom, MixText } from './mix-content.js';
import { MixEvents, type MixEvent, type SessionIds } from './mix-events.js';

export type { MixEvent } from './mix-events.js';

export interface EventMixOptions {
  events: number;
  seed?: number;
  /** Strings COPY must escape, ids in upper case, other time offsets, repeated events, out-of-order sessions. */
  nasty?: boolean;
  /** How many sessions are active at once. */
  concurrentSessions?: number;
}

interface Session extends SessionIds {
  projects: string[];
  storeContext: boolean;
}

interface Pending {
  at: number;
  make: () => MixEvent[];
}

export function* generateEventMix(opts: EventMixOptions): Generator<MixEvent> {
  const rng = new MixRandom(opts.seed ?? 1);
  const nasty = opts.nasty ?? false;
  const make = new MixEvents(rng, new MixText(rng, nasty), nasty);
  const sim = new Simulation(rng, make, nasty, opts.concurrentSessions ?? 40);
  let emitted = 0;
  while (emitted < opts.events) {
    for (const event of sim.step()) {
      if (emitted >= opts.events) return;
      emitted += 1;
      yield event;
    }
  }
}

class Simulation {
  private clock = Date.parse('2026-03-01T08:00:00.000Z');
  private readonly users: string[] = [];
  private readonly sessions: Session[] = [];
  private readonly pending: Pending[] = [];
  private readonly recent: MixEvent[] = [];
  private emitted = 0;

  constructor(
    private readonly rng: MixRandom,
    private readonly make: MixEvents,
    private readonly nasty: boolean,
    private readonly concurrent: number,
  ) {}

  step(): MixEvent[] {
    this.clock += this.rng.int(1, 40);
    const due = this.pending[0];
    let out: MixEvent[];
    if (due && due.at <= this.clock) {
      this.pending.shift();
      out = due.make();
    } else out = this.act();
    if (this.nasty && this.recent.length > 0 && this.rng.chance(0.01)) out.push(this.rng.pick(this.recent));
    for (const e of out) this.recent[this.emitted++ % 64] = e; // the last 64, for repeating one
    return out;
  }

  private act(): MixEvent[] {
    if (this.sessions.length < this.concurrent) return this.startSession();
    const s = this.rng.pick(this.sessions);
    const r = this.rng.next();
    const erase = this.nasty ? 0.008 : 0.0015;
    if (r < 0.6) return this.completion(s);
    if (r < 0.88) return this.make.contextUpdated(s, this.clock, s.storeContext);
    if (r < 0.91) return this.activateProject(s, this.clock);
    if (r < 0.93) return this.endSession(s, this.rng.chance(0.2) ? 'expired' : 'deactivated');
    if (r < 0.935) return [this.make.userUpdated(s.userId, this.clock)];
    if (r < 0.935 + erase) return this.eraseUser(s.userId);
    if (r < 0.9385 + erase) return [this.make.orphanFeedback(s, this.clock)];
    return this.completion(s);
  }

  private startSession(): MixEvent[] {
    const out: MixEvent[] = [];
    let userId = this.users.length > 0 && this.rng.chance(0.7) ? this.rng.pick(this.users) : undefined;
    if (!userId) {
      userId = this.rng.uuid7(this.clock);
      this.users.push(userId);
      out.push(this.make.userRegistered(userId, this.clock));
    }
    const s: Session = {
      userId,
      sessionId: this.rng.uuid7(this.clock),
      projectId: '',
      projects: [],
      storeContext: this.rng.chance(0.6),
    };
    this.sessions.push(s);
    const started = this.make.sessionStarted(s, this.clock);
    if (this.nasty && this.rng.chance(0.3)) {
      // The start reaches the stream after the session's first activation.
      this.later(this.rng.int(50, 500), () => [started]);
    } else out.push(started);
    out.push(...this.activateProject(s, this.clock + this.rng.int(1, 200)));
    return out;
  }

  private activateProject(s: Session, at: number): MixEvent[] {
    const out: MixEvent[] = [];
    if (s.projects.length === 0 || this.rng.chance(0.3)) {
      const projectId = this.rng.uuid7(this.clock);
      s.projects.push(projectId);
      out.push(this.make.projectCreated(s.userId, projectId, this.clock));
    }
    s.projectId = this.rng.pick(s.projects);
    const ids = this.nasty && this.rng.chance(0.1) ? { ...s, projectId: s.projectId.toUpperCase() } : s;
    out.push(this.make.projectActivated(ids, at));
    return out;
  }

  private completion(s: Session): MixEvent[] {
    const { events, shown, queryId } = this.make.completion(s, this.clock);
    if (shown.length > 0 && this.rng.chance(0.75)) {
      const modelId = this.rng.pick(shown);
      const accepted = this.rng.chance(0.3);
      const ids = { ...s, queryId };
      this.later(this.rng.int(500, 4000), () => [
        this.make.feedback(ids, modelId, accepted, null, this.clock),
      ]);
      if (this.rng.chance(accepted ? 0.9 : 0.3)) {
        for (const delay of [15_000, 45_000, 90_000]) {
          this.later(delay + this.rng.int(0, 500), () => this.groundTruth(ids, modelId, accepted));
        }
      }
    }
    return events;
  }

  private groundTruth(ids: SessionIds & { queryId: string }, modelId: number, accepted: boolean): MixEvent[] {
    const call = this.make.feedback(ids, modelId, accepted, this.make.groundTruthText(), this.clock);
    if (!this.nasty || !this.rng.chance(0.1)) return [call];
    // The same call again under another event id, its time written another way: one ground_truth row.
    const again = this.make.feedbackAgain(call, this.rng.chance(0.5) ? 'offset' : 'precision');
    return [call, again];
  }

  private endSession(s: Session, reason: 'deactivated' | 'expired' | 'user_deleted'): MixEvent[] {
    this.sessions.splice(this.sessions.indexOf(s), 1);
    return [this.make.sessionEnded(s, reason, this.clock)];
  }

  private eraseUser(userId: string): MixEvent[] {
    const out: MixEvent[] = [];
    for (const s of this.sessions.filter((x) => x.userId === userId)) {
      out.push(...this.endSession(s, 'user_deleted'));
    }
    this.users.splice(this.users.indexOf(userId), 1);
    out.push(this.make.userErased(userId, this.rng.chance(0.8), this.clock));
    return out; // feedback still pending for the user's queries arrives after: the read model dead-letters it
  }

  private later(delayMs: number, make: () => MixEvent[]): void {
    const at = this.clock + delayMs;
    let lo = 0;
    let hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pending[mid]!.at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.pending.splice(lo, 0, { at, make });
  }
}
