// Structured JSON logs (pino). Request bodies are never logged: they carry passwords and code.
import { pino, type Logger } from 'pino';

export type { Logger };

/** `destination` is a file descriptor (2: stderr, for the CLI, whose stdout carries progress); stdout by default. */
export function createLogger(level: string, name = 'code4me', destination?: number): Logger {
  const options = {
    name,
    level,
    redact: {
      paths: ['password', '*.password', 'previous_password', '*.previous_password', 'token'],
      censor: '***',
    },
  };
  return destination === undefined ? pino(options) : pino(options, pino.destination(destination));
}
