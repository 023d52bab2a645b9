// Lua scripts on the hot paths (session check, rate limit, records): sent as EVALSHA, so a call carries the
// script's digest and not its text (Redis loads the text once, on the first NOSCRIPT), and handed to the
// connection at once rather than through ioredis' auto-pipelining, which wraps a lone command in a pipeline of
// its own each time; the connection is corked until the end of the tick, so that the scripts of concurrent
// requests still share one socket write. A script is thus sent before an auto-pipelined command issued earlier
// in the same tick: await what it depends on.
import { createHash } from 'node:crypto';
import { Command } from 'ioredis';
import type { Redis } from './redis.js';

export interface RedisScript {
  readonly lua: string;
  readonly sha: string;
}

export function redisScript(lua: string): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Runs the script with its keys (given the connection's key prefix) and arguments; the reply as strings. */
export async function runScript(
  redis: Redis,
  script: RedisScript,
  keys: readonly string[],
  args: ReadonlyArray<string | number>,
): Promise<unknown> {
  try {
    return await send(redis, 'evalsha', script.sha, keys, args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return send(redis, 'eval', script.lua, keys, args);
  }
}

function send(
  redis: Redis,
  name: 'evalsha' | 'eval',
  first: string,
  keys: readonly string[],
  args: ReadonlyArray<string | number>,
): Promise<unknown> {
  const command = new Command(name, [first, keys.length, ...keys, ...args], {
    keyPrefix: redis.options.keyPrefix,
    replyEncoding: 'utf8',
  });
  coalesceThisTick(redis);
  void redis.sendCommand(command);
  return command.promise;
}

const corked = new WeakSet<object>();

/**
 * Holds the connection's writes until the end of this tick, so that the scripts of concurrent requests go out in
 * one write (what auto-pipelining did, without a pipeline object per command).
 */
function coalesceThisTick(redis: Redis): void {
  const stream = (redis as unknown as { stream?: { cork(): void; uncork(): void; writable?: boolean } })
    .stream;
  if (!stream?.writable || corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  process.nextTick(() => {
    corked.delete(stream);
    stream.uncork();
  });
}
