// Redis records that belong to one user (a completion's query record, a chat's record) are also listed in
// the set `user_records:{userId}`, so erasing the user finds and deletes them all without scanning Redis.
// The set lives as long as the longest record it lists.
import type { Redis } from './redis.js';
import { redisScript, runScript } from './redis-script.js';

const indexKey = (userId: string) => `user_records:${userId}`;

/** SET key value EX ttlS, and lists the key under the user; one command. */
export async function saveUserRecord(
  redis: Redis,
  userId: string,
  key: string,
  value: string,
  ttlS: number,
): Promise<void> {
  // The index lists the key without the key prefix (deleteUserRecords deletes through the same connection).
  await runScript(redis, SAVE_SCRIPT, [key, indexKey(userId)], [value, ttlS, key]);
}

// KEYS: the record, the user's index. ARGV: the value, its TTL, the record's key as the index lists it. The
// index lives as long as its longest-lived record: a longer TTL extends it (GT), a new index gets one (NX).
const SAVE_SCRIPT = redisScript(`
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[2], 'GT')
redis.call('EXPIRE', KEYS[2], ARGV[2], 'NX')
return 1
`);

/** Deletes every record listed under the user and the list; returns how many records there were. */
export async function deleteUserRecords(redis: Redis, userId: string): Promise<number> {
  const keys = await redis.smembers(indexKey(userId));
  await redis.del(indexKey(userId), ...keys);
  return keys.length;
}
