// What a command reads and writes besides the services: stdout (progress, results), stderr (errors, logs)
// and the environment the configuration comes from. Tests pass their own.
import type { ProgressOutput } from './progress.js';

export interface CliIo {
  stdout: ProgressOutput;
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
}
