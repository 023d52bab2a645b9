// What the account operations need (the API's deps satisfy it); kept narrow so they never import src/api.
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db.js';
import type { Redis } from '../platform/redis.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { EventPublisher } from '../bus/event-publisher.js';

export interface AccountDeps {
  config: Pick<Config, 'authTokenTtlS' | 'sessionTokenTtlS'>;
  db: Db;
  redis: Redis;
  publisher: EventPublisher;
  clock: Clock;
  logger: Logger;
}
