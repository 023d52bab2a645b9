// What the commands that change accounts (`c4m users`, `c4m tokens`) share: the connections with a check that
// the event stream exists before anything commits, the deps of an outbox change, and the explanation of an
// append that failed after its commit.
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { AccountDeps } from '../accounts/index.js';
import { AppendFailedError, createEventPublisher } from '../bus/event-publisher.js';
import { systemClock } from '../platform/clock.js';
import type { Nats } from '../platform/nats.js';
import type { CliIo } from './cli-io.js';
import { withPlatformConnections } from './platform-connections.js';

export type AccountChangeDeps = Pick<AccountDeps, 'db' | 'publisher' | 'clock' | 'logger'>;

/** Runs `command` with the deps of an account change, once the event stream is known to exist. */
export async function withAccountChangeDeps<T>(
  io: CliIo,
  clientName: string,
  command: (deps: AccountChangeDeps) => Promise<T>,
): Promise<T> {
  return withPlatformConnections(io, { clientName, dbPoolSize: 2 }, async ({ config, db, nats, logger }) => {
    // Checked first so that a change never commits without a stream to append its event to.
    await requireEventStream(nats, config.streamName);
    const publisher = createEventPublisher(nats.js, config.natsPrefix);
    return command({ db, publisher, clock: systemClock, logger });
  });
}

async function requireEventStream(nats: Nats, streamName: string): Promise<void> {
  try {
    await nats.jsm.streams.info(streamName);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)
      throw new Error(
        `the event stream ${streamName} does not exist (the api role creates it); nothing changed`,
        { cause: err },
      );
    throw err;
  }
}

/** An append that failed after the commit: the change stands and the outbox relay appends its event. */
export function explainAppendFailure(err: unknown, subject: string): unknown {
  if (err instanceof AppendFailedError)
    return new Error(
      `${subject}: the change is committed but its event is not in the stream yet (${err.message}); ` +
        'the outbox relay of a running api role appends it',
      { cause: err },
    );
  return err;
}
