// Structured logs (pino): JSON lines with ISO times for machines, the same records pretty-printed (pino-pretty) when
// a person reads them on a terminal. Request bodies are never logged: they carry passwords and code.
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/** `auto` pretty-prints when the destination is a terminal; `json` and `pretty` force one. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * `destination` is a file descriptor (2: stderr, for the CLI, whose stdout carries progress; stdout by default) or
 * a stream (a test's buffer), which gets JSON lines.
 */
export function createLogger(
  level: string,
  name = 'code4me',
  destination: number | DestinationStream = 1,
  format: LogFormat = 'auto',
): Logger {
  const options = {
    name,
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
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
  if (typeof destination !== 'number') return pino(options, destination);
  return pino(options, logDestination(destination, usePretty(format, destination)));
}

export function usePretty(format: LogFormat, fd: number): boolean {
  return format === 'pretty' || (format === 'auto' && isatty(fd));
}

function logDestination(fd: number, prettyPrint: boolean): DestinationStream {
  if (!prettyPrint) return pino.destination(fd);
  const prettify = prettyFactory({
    colorize: isatty(fd),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name',
    singleLine: true,
  });
  // Formatted and written synchronously, so the last lines before a crash or process.exit are on screen.
  return { write: (line: string) => void writeSync(fd, prettify(line)) };
}
