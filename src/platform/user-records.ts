// Redis records that belong to one user (a completion's query record, a chat's record) are also listed in
// the set `user_records:{userId}`, so erasing the user finds and deletes them all without scanning Redis.
// The set lives as long as the longest record it lists.
import type { Redis } from './redis.js';

const indexKey = (userId: string) => `user_records:${userId}`;

/** SET key value EX ttlS, and lists the key under the user; one round trip. */
export async function saveUserRecord(
  redis: Redis,
  userId: string,
  key: string,
  value: string,
  ttlS: number,
): Promise<void> {
  await redis
    .multi()
    .set(key, value, 'EX', ttlS)
    .sadd(indexKey(userId), key)
    .expire(indexKey(userId), ttlS, 'GT')
    .expire(indexKey(userId), ttlS, 'NX')
    .exec();
}

/** Deletes every record listed under the user and the list; returns how many records there were. */
export async function deleteUserRecords(redis: Redis, userId: string): Promise<number> {
  const keys = await redis.smembers(indexKey(userId));
  await redis.del(indexKey(userId), ...keys);
  return keys.length;
}
