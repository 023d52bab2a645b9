// The live multi-file context: Redis is the fast copy (one hash per project, field = path), a NATS KV
// bucket the durable one (key = <project>.<sha256(path)>). An update is computed from the current state under
// the project's lock, recorded by the caller, then written: to KV first with compare-and-set on the entry's
// revision, then to Redis (only if newer), so concurrent API processes never lose an update and a Redis
// flush or an API restart reads the context back from KV.
import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV } from '@nats-io/kv';
import type { FileContextChange } from '../../events/index.js';
import type { Redis } from '../platform/redis.js';
import { redisScript, runScript } from '../platform/redis-script.js';
import type { AppliedContextUpdate, ContextFileSnapshot, LiveContextStore } from './live-context-store.js';
import { applyFileChanges, isWholeFileResend } from './line-semantics.js';
import { withProjectLock, type ProjectLockOptions } from './project-lock.js';
import { redactLines } from '../privacy/redact-secrets.js';
import { isTransientNatsError, NATS_WRITE_DEADLINE_MS } from '../platform/nats.js';

export interface FileEntry {
  path: string;
  lines: string[];
  /** Changes applied to this file so far (the change log itself is in the event stream). */
  changeCount: number;
  /** Set when the file grew past what one KV value holds; it is left out of completions until resent whole. */
  tooLarge?: boolean;
}

export interface ContextStoreOptions {
  redis: Redis;
  nc: NatsConnection;
  /** The NATS prefix; the bucket is `<prefix>_context`. */
  prefix: string;
  /** Largest encoded file kept (default: the server's max payload less 4 KiB). */
  maxEntryBytes?: number;
  lock?: ProjectLockOptions;
  /** Copies of the bucket a new one gets (C4M_STREAM_REPLICAS, like the event stream); 1 unless given. */
  replicas?: number;
}

/** Field marking that the project's hash was filled from KV ("\0" can never be a path). */
const LOADED = '\u0000';
const MAX_CAS_ATTEMPTS = 25;

// Sets a field only if its stored revision is older: `rev\njson` values, compared by their rev prefix.
const SET_IF_NEWER = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local rev = tonumber(string.match(cur, '^(%d+)'))
  if rev and rev >= tonumber(ARGV[3]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

// KEYS[1]: a project's hash. ARGV[1]: the loaded marker, then the paths (none: every file). Nil while the hash
// was not filled from KV, else the values asked for (nil for a path it does not hold).
const READ_IF_LOADED = redisScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
if #ARGV == 1 then return redis.call('HVALS', KEYS[1]) end
local out = {}
for i = 2, #ARGV do out[i - 1] = redis.call('HGET', KEYS[1], ARGV[i]) end
return out`);

export async function createLiveContextStore(opts: ContextStoreOptions): Promise<LiveContextStore> {
  const kv = await new Kvm(opts.nc).create(`${opts.prefix}_context`, {
    history: 1,
    replicas: opts.replicas ?? 1,
  });
  const maxBytes = opts.maxEntryBytes ?? Math.max(64 * 1024, opts.nc.info?.max_payload ?? 1024 * 1024) - 4096;
  return new RedisKvContextStore(opts.redis, kv, maxBytes, opts.lock ?? {});
}

type Versioned = { rev: number; entry: FileEntry } | null;

class RedisKvContextStore implements LiveContextStore {
  constructor(
    private readonly redis: Redis,
    private readonly kv: KV,
    private readonly maxBytes: number,
    private readonly lockOptions: ProjectLockOptions,
  ) {}

  update(
    projectId: string,
    updates: Record<string, FileContextChange[]>,
    record: (result: AppliedContextUpdate) => Promise<void>,
  ): Promise<AppliedContextUpdate> {
    const run = async (): Promise<AppliedContextUpdate> => {
      await this.ensureLoaded(projectId);
      const paths = Object.keys(updates);
      const key = hashKey(projectId);
      const raw = paths.length > 0 ? await this.redis.hmget(key, ...paths) : [];
      const current = new Map(paths.map((p, i) => [p, decode(raw[i] ?? '')]));
      const next = paths.map((p) => this.nextEntry(p, current.get(p)?.entry, updates[p] ?? []));
      const result = resultOf(next);
      await record(result);
      await Promise.all(
        paths.map((p, i) => this.write(projectId, p, current.get(p) ?? null, updates[p] ?? [], next[i])),
      );
      return result;
    };
    return withProjectLock(this.redis, projectId, run, this.lockOptions);
  }

  erase(projectId: string): Promise<number> {
    const run = async (): Promise<number> => {
      let purged = 0;
      for await (const k of await this.kv.keys(`${projectId}.*`)) {
        await this.kv.purge(k);
        purged += 1;
      }
      await this.redis.del(hashKey(projectId));
      return purged;
    };
    return withProjectLock(this.redis, projectId, run, this.lockOptions);
  }

  async read(projectId: string, paths?: string[]): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const e of await this.entries(projectId, paths)) if (e.lines.length > 0) out[e.path] = e.lines;
    return out;
  }

  async snapshot(projectId: string, paths?: string[]): Promise<Record<string, ContextFileSnapshot>> {
    const out: Record<string, ContextFileSnapshot> = {};
    for (const e of await this.entries(projectId, paths))
      if (e.lines.length > 0) out[e.path] = { lines: e.lines, changeCount: e.changeCount };
    return out;
  }

  async changeCounts(projectId: string, paths?: string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const e of await this.entries(projectId, paths)) out[e.path] = e.changeCount;
    return out;
  }

  private async entries(projectId: string, paths?: string[]): Promise<FileEntry[]> {
    // A request whose only context file is the open file asks for none.
    if (paths?.length === 0) return [];
    const key = hashKey(projectId);
    // One round trip when the hash is filled (every completion after the project's first): the check and the read.
    let raw = (await runScript(this.redis, READ_IF_LOADED, [key], [LOADED, ...(paths ?? [])])) as Array<
      string | null
    > | null;
    if (!raw) {
      await this.ensureLoaded(projectId);
      raw = paths ? await this.redis.hmget(key, ...paths) : await this.redis.hvals(key);
    }
    return raw
      .filter((v): v is string => typeof v === 'string' && v.length > 0)
      .flatMap((v) => decode(v)?.entry ?? []);
  }

  /**
   * Writes the computed entry with compare-and-set. Under the project's lock the revision read is still the
   * latest; if another writer got in anyway (an expired lock), the changes are applied again on top of its entry.
   * A write that failed on its way (the bucket's leader died: no responders, a timeout) is sent again as it was
   * until NATS_WRITE_DEADLINE_MS; if that first try did land, the retry meets our own value and stops there.
   */
  private async write(
    projectId: string,
    path: string,
    read: Versioned,
    changes: FileContextChange[],
    computed: FileEntry | undefined,
  ): Promise<void> {
    const kvKey = kvKeyOf(projectId, path);
    const deadline = Date.now() + NATS_WRITE_DEADLINE_MS;
    let current = read;
    let next = computed ?? this.nextEntry(path, current?.entry, changes);
    for (let attempt = 0, lost = 0; attempt < MAX_CAS_ATTEMPTS;) {
      const value = JSON.stringify(next);
      try {
        const rev = current
          ? await this.kv.update(kvKey, value, current.rev)
          : await this.kv.create(kvKey, value);
        await this.cache(projectId, path, rev, value);
        return;
      } catch (err) {
        if (isTransientNatsError(err) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** lost++, 500)));
          continue;
        }
        if (!isWrongRevision(err)) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
        attempt++;
        const refreshed = await this.refresh(projectId, path, kvKey);
        if (lost > 0 && refreshed?.raw === value) return;
        current = refreshed;
        next = this.nextEntry(path, current?.entry, changes);
      }
    }
    throw new Error(`context of ${path} kept changing under concurrent updates`);
  }

  private nextEntry(path: string, prev: FileEntry | undefined, changes: FileContextChange[]): FileEntry {
    const changeCount = (prev?.changeCount ?? 0) + changes.length;
    if (prev?.tooLarge && !isWholeFileResend(changes))
      return { path, lines: [], changeCount, tooLarge: true };
    const base = prev && !prev.tooLarge ? prev.lines : prev ? [] : undefined;
    const lines = redactLines(applyFileChanges(base, changes));
    const entry: FileEntry = { path, lines, changeCount };
    if (Buffer.byteLength(JSON.stringify(entry)) > this.maxBytes)
      return { path, lines: [], changeCount, tooLarge: true };
    return entry;
  }

  /** Reloads one file from KV into Redis after a lost compare-and-set. */
  private async refresh(
    projectId: string,
    path: string,
    kvKey: string,
  ): Promise<{ rev: number; entry: FileEntry; raw: string } | null> {
    const got = await this.kv.get(kvKey);
    if (!got || got.operation !== 'PUT') return null;
    const raw = got.string();
    await this.cache(projectId, path, got.revision, raw);
    return { rev: got.revision, entry: JSON.parse(raw) as FileEntry, raw };
  }

  private async cache(projectId: string, path: string, rev: number, json: string): Promise<void> {
    await this.redis.eval(SET_IF_NEWER, 1, hashKey(projectId), path, `${rev}\n${json}`, String(rev));
  }

  /** Fills the project's Redis hash from KV when Redis does not have it (first use, flush, eviction). */
  private async ensureLoaded(projectId: string): Promise<void> {
    const key = hashKey(projectId);
    if ((await this.redis.hexists(key, LOADED)) === 1) return;
    const keys = await this.kv.keys(`${projectId}.*`);
    for await (const k of keys) {
      const got = await this.kv.get(k);
      if (!got || got.operation !== 'PUT') continue;
      const entry = JSON.parse(got.string()) as FileEntry;
      await this.cache(projectId, entry.path, got.revision, got.string());
    }
    await this.redis.hset(key, LOADED, '1');
  }
}

function resultOf(entries: FileEntry[]): AppliedContextUpdate {
  const files: AppliedContextUpdate['files'] = {};
  const summary: AppliedContextUpdate['summary'] = {};
  for (const entry of entries) {
    summary[entry.path] = { lineCount: entry.lines.length, changeCount: entry.changeCount };
    if (entry.lines.length > 0) files[entry.path] = entry.lines;
  }
  return { files, summary };
}

function hashKey(projectId: string): string {
  return `ctx:${projectId}`;
}

export function kvKeyOf(projectId: string, path: string): string {
  return `${projectId}.${createHash('sha256').update(path).digest('hex')}`;
}

function decode(value: string): { rev: number; entry: FileEntry } | null {
  const nl = value.indexOf('\n');
  if (nl <= 0) return null;
  return { rev: Number(value.slice(0, nl)), entry: JSON.parse(value.slice(nl + 1)) as FileEntry };
}

function isWrongRevision(err: unknown): boolean {
  return /wrong last sequence|key exists|10071|10164/i.test(String((err as Error)?.message ?? err));
}
