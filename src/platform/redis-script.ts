// Lua scripts on the hot paths (session check, rate limit, records): sent as EVALSHA, so a call carries the
// script's digest and not its text (Redis loads the text once, on the first NOSCRIPT), and handed to the
// connection at once rather than through ioredis' auto-pipelining, which wraps a lone command in a pipeline of
// its own each time. A script is thus sent before an auto-pipelined command issued earlier in the same tick:
// await what it depends on.
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
  const send = (name: 'evalsha' | 'eval', first: string) => {
    const command = new Command(name, [first, keys.length, ...keys, ...args], {
      keyPrefix: redis.options.keyPrefix,
      replyEncoding: 'utf8',
    });
    void redis.sendCommand(command);
    return command.promise;
  };
  try {
    return await send('evalsha', script.sha);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return send('eval', script.lua);
  }
}
