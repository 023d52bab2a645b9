// Structured JSON logs (pino). Request bodies are never logged: they carry passwords and code.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * `destination` is a file descriptor (2: stderr, for the CLI, whose stdout carries progress) or a stream (a
 * test's buffer); stdout by default.
 */
export function createLogger(
  level: string,
  name = 'code4me',
  destination?: number | DestinationStream,
): Logger {
  const options = {
    name,
    level,
    redact: {
      // Credentials under the names our code and an HTTP request log would give them, at the top or one level down
      // (tests/security/log-scan.int.test.ts checks a whole session's log).
      paths: [
        'password',
        '*.password',
        'previous_password',
        '*.previous_password',
        'token',
        '*.token',
        'authToken',
        '*.authToken',
        'sessionToken',
        '*.sessionToken',
        'secret',
        '*.secret',
        'cookie',
        '*.cookie',
        'authorization',
        '*.authorization',
        '*.headers.cookie',
        '*.headers.authorization',
        'headers["set-cookie"]',
        '*.headers["set-cookie"]',
      ],
      censor: '***',
    },
  };
  if (destination === undefined) return pino(options);
  return pino(options, typeof destination === 'number' ? pino.destination(destination) : destination);
}
