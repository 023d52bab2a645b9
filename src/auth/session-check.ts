// The session check every completion, feedback and context request makes (sessions.ts has the keys): one
// script that finds the token's session and owner, tells whether a project is activated in it, refuses a user
// whose erasure began, and slides the TTL. Its Lua is a function, so that the rate limit can run it in its own
// script, the same round trip (src/api/middleware/rate-limit.ts).
import type { Redis } from '../platform/redis.js';
import { redisScript, runScript } from '../platform/redis-script.js';
import { fenceKey } from './erasure-fence.js';
import {
  SESSION_EXPIRY_KEY,
  projectsKey,
  sessionKey,
  sessionTokenKey,
  userSessionKey,
} from './session-keys.js';
import { isUuid } from './token-format.js';

export interface CheckedSession {
  userId: string;
  sessionId: string;
  /** Whether the project asked about is activated in the session. */
  hasProject: boolean;
}

/**
 * `check_session(keys, argv, k, a)`: KEYS[k], KEYS[k + 1] are the token's key and session_expiry; ARGV[a + 1..7]
 * the project id, TTL s, expiry ms, the prefixed name of a session hash without the id, the suffix of its
 * projects set, the prefixed names of a user's pointer and of a user's erasure fence without the user id.
 * Only a live session slides: its token, its user's pointer and its expiry time in `session_expiry` move with
 * it (an expired one keeps the time it expired; XX: an untracked id adds nothing).
 */
export const SESSION_CHECK_LUA = `
local function check_session(keys, argv, k, a)
  local id = redis.call('GET', keys[k])
  if not id then return false end
  local session = argv[a + 4] .. id
  local owner = redis.call('HGET', session, 'userId')
  if not owner then return false end
  if redis.call('EXISTS', argv[a + 7] .. owner) == 1 then return false end
  local projects = session .. argv[a + 5]
  local member = redis.call('SISMEMBER', projects, argv[a + 1])
  redis.call('EXPIRE', keys[k], argv[a + 2])
  redis.call('EXPIRE', session, argv[a + 2])
  redis.call('EXPIRE', projects, argv[a + 2])
  redis.call('EXPIRE', argv[a + 6] .. owner, argv[a + 2])
  redis.call('ZADD', keys[k + 1], 'XX', argv[a + 3], id)
  return {owner, id, member}
end
`;

const CHECK_SESSION_SCRIPT = redisScript(`${SESSION_CHECK_LUA}
return check_session(KEYS, ARGV, 1, 0)`);

/** The two keys and seven arguments check_session takes for this token (a UUID) and project. */
export function sessionCheckInput(
  redis: Redis,
  token: string,
  ttlS: number,
  projectId: string | undefined,
): { keys: string[]; args: Array<string | number> } {
  // The keys named from the session id and the owner the script reads get the key prefix here.
  const prefix = redis.options.keyPrefix ?? '';
  return {
    keys: [sessionTokenKey(token), SESSION_EXPIRY_KEY],
    args: [
      isUuid(projectId) ? projectId : '-',
      ttlS,
      Date.now() + ttlS * 1000,
      `${prefix}${sessionKey('')}`,
      projectsKey('').slice(sessionKey('').length),
      `${prefix}${userSessionKey('')}`,
      `${prefix}${fenceKey('')}`,
    ],
  };
}

/** What check_session answered, for the project asked about. */
export function sessionOfReply(reply: unknown, projectId: string | undefined): CheckedSession | undefined {
  if (!Array.isArray(reply)) return undefined;
  const [owner, sessionId, member] = reply as unknown[];
  if (typeof owner !== 'string' || typeof sessionId !== 'string' || !isUuid(sessionId)) return undefined;
  return { userId: owner, sessionId, hasProject: isUuid(projectId) && member === 1 };
}

/**
 * The session of a token: its owner, its id and, when asked, whether the project is activated in it; slides the
 * TTL. One round trip. A session id is no token: its digest names no key, so it answers undefined. Nor does the
 * session of a user whose erasure began (erasure-fence.ts): an API process that has not heard of the fence yet
 * refuses them here all the same.
 */
export async function checkSession(
  redis: Redis,
  token: string | undefined,
  ttlS: number,
  projectId?: string,
): Promise<CheckedSession | undefined> {
  if (!isUuid(token)) return undefined;
  const { keys, args } = sessionCheckInput(redis, token, ttlS, projectId);
  return sessionOfReply(await runScript(redis, CHECK_SESSION_SCRIPT, keys, args), projectId);
}
