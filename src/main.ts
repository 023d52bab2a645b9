// Code4me's entry point: `tsx src/main.ts [all|api|inference|projections|ui]`. Starts the backing services (or
// checks them), migrates, ensures the stream and runs the chosen roles until SIGINT/SIGTERM.
import { loadConfig } from './platform/config.js';
import { createLogger } from './platform/logger.js';
import { LocalServicesError } from './platform/local-services.js';
import { StreamReplicasUnavailableError } from './bus/stream-replicas-error.js';
import { UnsafeStreamConfigError } from './bus/unsafe-stream-config-error.js';
import { onShutdownSignals } from './platform/shutdown.js';
import { parseRoleArgs } from './roles/roles.js';
import { startPlatform, type RunningPlatform } from './roles/start-platform.js';

async function main(): Promise<void> {
  const args = parseRoleArgs(process.argv.slice(2));
  if (!args.ok) {
    console.error(args.message);
    process.exit(args.message.startsWith('usage') ? 0 : 2);
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const starting = startPlatform(args.roles, config, logger);
  let platform: RunningPlatform | undefined;
  // Installed before the start finishes: a Ctrl-C during start-up waits for it, then stops what started.
  onShutdownSignals(logger, async () => (await starting.catch(() => undefined))?.close(), {
    onForce: () => platform?.abandon(),
  });
  try {
    platform = await starting;
  } catch (err) {
    if (err instanceof LocalServicesError) {
      logger.fatal({ reasons: err.reasons }, 'backing services missing');
      // Plain text as well: this is what a newcomer on a fresh machine reads first.
      console.error(`\nCode4me could not start: ${err.message}\n`);
    } else if (err instanceof UnsafeStreamConfigError || err instanceof StreamReplicasUnavailableError) {
      logger.fatal({ code: err.code, stream: err.streamName }, 'event stream settings refused');
      console.error(`\nCode4me could not start: ${err.message}\n`);
    } else {
      logger.fatal({ err }, 'Code4me could not start');
    }
    process.exit(1);
  }
}

await main();
