// Account deletion (B16, GDPR) as one durable, resumable job (erasure-jobs.ts). The job row is written first;
// then the user is fenced (every append of theirs refused from now on) and every token revoked before anything
// else, so no request in flight can append after user.erased; then the job relays the user's outbox rows,
// appends user.erased, purges the user's events from the stream, their dead letters, their Redis records and
// live context and the projects they alone belonged to, deletes the account row, and purges the stream once
// more for anything that slipped past the fence. Every step is idempotent and saved when done: a retry of the
// DELETE (with the same token) or the api role's start (resumeErasures) finishes a job that a crash cut short.
import { makeEvent } from '../../events/index.js';
import type { EventPublisher } from '../bus/event-publisher.js';
import { Errors } from '../platform/errors.js';
import { deleteUserRecords } from '../platform/user-records.js';
import { fenceUser, revokeAuthTokens } from '../auth/index.js';
import type { AccountDeps } from './account-deps.js';
import { deleteErasedUserDeadLetters, deleteSoleProjects, projectsOfUser } from './erased-user-rows.js';
import {
  ERASURE_STEPS,
  countErasureAttempt,
  findLatestErasure,
  findOpenErasure,
  listFinishedErasures,
  listOpenErasures,
  recordErasure,
  saveErasureStep,
  type ErasureJob,
  type ErasureStep,
} from './erasure-jobs.js';
import type { PurgeUserEvents } from './purge-user-events.js';
import { relayOutbox } from './outbox-relay.js';
import { endUserSession } from './session-lifecycle.js';
import { deleteUserRow, findUserById } from './user-repository.js';

/** What the job needs besides the account deps; the API builds it from its own deps (src/api/deps.ts). */
export interface ErasurePorts {
  purge: PurgeUserEvents;
  /** The job's own appends (session.ended, the outbox's rows, user.erased) bypass the fence. */
  publisher: EventPublisher;
  /** The live multi-file context (src/context). */
  context: { erase(projectId: string): Promise<number> };
}

export interface ErasureRequest {
  userId: string;
  authToken: string;
  deleteData: boolean;
  correlationId: string;
}

export interface ErasureOutcome {
  erasureId: string;
  purgedEvents: number;
}

export async function eraseUser(
  deps: AccountDeps,
  ports: ErasurePorts | undefined,
  req: ErasureRequest,
): Promise<ErasureOutcome> {
  if (!ports) throw Errors.unavailable('Account deletion');
  const open = await findOpenErasure(deps.db, req.userId);
  if (!open && !(await findUserById(deps.db, req.userId))) {
    // A retry (with the token the erasure began with) after the job finished: it is done.
    const finished = await findLatestErasure(deps.db, req.userId);
    if (finished) return { erasureId: finished.erasureId, purgedEvents: finished.purgedEvents };
    throw Errors.userNotFound();
  }
  const job = await recordErasure(deps.db, req.userId, req.deleteData);
  try {
    return await runErasure(deps, ports, job, req);
  } catch (err) {
    // The job is recorded and the user fenced: a retry with the same token, or the sweeper, finishes it.
    deps.logger.error(
      { err, erasureId: job.erasureId },
      'erasure cut short; a retry or the sweeper finishes it',
    );
    const unavailable = Errors.unavailable('Account deletion');
    unavailable.retryAfterS = 1;
    throw unavailable;
  }
}

/**
 * Finishes the unfinished erasures requested more than `minAgeMs` ago (younger ones may still be running in
 * the request that began them); returns how many it finished. The api role runs it at start and then
 * periodically (erasure-sweeper.ts).
 */
export async function resumeErasures(deps: AccountDeps, ports: ErasurePorts, minAgeMs = 0): Promise<number> {
  let finished = 0;
  const before = new Date(deps.clock.now().getTime() - minAgeMs);
  for (const job of await listOpenErasures(deps.db, before)) {
    try {
      await countErasureAttempt(deps.db, job.erasureId);
      await runErasure(deps, ports, job, { correlationId: job.erasureId });
      finished += 1;
    } catch (err) {
      deps.logger.error(
        { err, erasureId: job.erasureId },
        'erasure not finished; the next start tries again',
      );
    }
  }
  return finished;
}

/**
 * Purges the stream once more for the erasures that finished within the last `windowMs`: an append that
 * passed the fence check just before the fence was set and was acknowledged only after the job ended (a
 * publish retried for seconds) leaves the stream too. The sweeper runs it; returns the messages removed.
 */
export async function purgeErasureStragglers(
  deps: AccountDeps,
  ports: ErasurePorts,
  windowMs: number,
): Promise<number> {
  let purged = 0;
  const since = new Date(deps.clock.now().getTime() - windowMs);
  for (const job of await listFinishedErasures(deps.db, since)) purged += await purge(ports, job);
  if (purged > 0) deps.logger.warn({ purged }, 'purged events appended after their user was erased');
  return purged;
}

type Step = (ctx: StepContext) => Promise<{ erasedSeq?: number; purgedEvents?: number } | void>;

interface StepContext {
  deps: AccountDeps;
  ports: ErasurePorts;
  job: ErasureJob;
  authToken?: string;
  correlationId: string;
}

/** Each step, named by the state it leaves the job in. */
const STEPS: Record<Exclude<ErasureStep, 'recorded'>, Step> = {
  fenced: async ({ deps, ports, job, authToken, correlationId }) => {
    // Returns once every API process listening holds the fence in memory (src/auth/fence-watch.ts).
    const heard = await fenceUser(deps.redis, job.userId, authToken);
    if (heard.acknowledged < heard.listeners)
      deps.logger.warn(
        { erasureId: job.erasureId, ...heard },
        'an API process did not acknowledge the fence in time',
      );
    await revokeAuthTokens(deps.redis, job.userId, authToken);
    await endUserSession({ ...deps, publisher: ports.publisher }, job.userId, 'user_deleted', correlationId);
  },
  outbox_relayed: async ({ deps, ports, job }) => {
    await relayOutbox({ ...deps, publisher: ports.publisher }, { userId: job.userId, graceMs: 0 });
  },
  erased_event_appended: async ({ deps, ports, job, correlationId }) => {
    const event = makeEvent(
      'user.erased',
      { userId: job.userId, correlationId },
      { deleteData: job.deleteData },
      { id: job.erasureId, occurredAt: deps.clock.now() },
    );
    const { seq } = await ports.publisher.append(event);
    return { erasedSeq: seq };
  },
  stream_purged: async ({ ports, job }) => ({ purgedEvents: await purge(ports, job) }),
  dead_letters_deleted: async ({ deps, job }) => {
    await deleteErasedUserDeadLetters(deps.db, job.userId, job.deleteData ? 'all' : 'account');
  },
  live_records_deleted: async ({ deps, ports, job }) => {
    await deleteUserRecords(deps.redis, job.userId);
    for (const projectId of await projectsOfUser(deps.db, job.userId)) await ports.context.erase(projectId);
  },
  projects_deleted: async ({ deps, job }) => {
    await deleteSoleProjects(deps.db, job.userId);
  },
  account_deleted: async ({ deps, job }) => {
    await deleteUserRow(deps.db, job.userId);
    // Rows of a change that committed after the relay: refused by the fence, so never appended.
    await deps.db.deleteFrom('account_outbox').where('user_id', '=', job.userId).execute();
  },
  // Once more, for an event that passed the fence check just before the fence was set and landed after
  // user.erased (projections ignore it in any case: projections/runner/erased-users.ts).
  done: async ({ deps, ports, job }) => {
    await deleteUserRecords(deps.redis, job.userId);
    return { purgedEvents: job.purgedEvents + (await purge(ports, job)) };
  },
};

async function purge(ports: ErasurePorts, job: ErasureJob): Promise<number> {
  return ports.purge({ userId: job.userId, scope: job.deleteData ? 'all' : 'account' });
}

async function runErasure(
  deps: AccountDeps,
  ports: ErasurePorts,
  job: ErasureJob,
  req: { authToken?: string; correlationId: string },
): Promise<ErasureOutcome> {
  const started = Date.now();
  const ctx: StepContext = { deps, ports, job: { ...job }, ...req };
  const done = ERASURE_STEPS.indexOf(job.step);
  for (const [i, step] of ERASURE_STEPS.entries()) {
    if (step === 'recorded') continue;
    // The fence runs again on every attempt (cheap): a resumed job keeps its user fenced.
    const again = i <= done;
    if (again && step !== 'fenced') continue;
    const saved = (await STEPS[step](ctx)) ?? {};
    if (again) continue;
    await saveErasureStep(deps.db, job.erasureId, step, saved);
    ctx.job = { ...ctx.job, step, ...withoutUndefined(saved) };
  }
  const ms = Date.now() - started;
  deps.logger.info(
    { erasureId: job.erasureId, deleteData: job.deleteData, purgedEvents: ctx.job.purgedEvents, ms },
    'user erased',
  );
  return { erasureId: job.erasureId, purgedEvents: ctx.job.purgedEvents };
}

function withoutUndefined(f: { erasedSeq?: number; purgedEvents?: number }): Partial<ErasureJob> {
  return {
    ...(f.erasedSeq !== undefined ? { erasedSeq: f.erasedSeq } : {}),
    ...(f.purgedEvents !== undefined ? { purgedEvents: f.purgedEvents } : {}),
  };
}
