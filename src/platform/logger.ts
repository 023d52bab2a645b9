// Structured logs (pino): JSON lines with ISO times for machines, the same records pretty-printed (pino-pretty) when
// a person reads them on a terminal. Request bodies are never logged: they carry passwords and code.
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/** `auto` pretty-prints when the destination is a terminal; `json` and `pretty` force one. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** `destination` is a file descriptor (2: stderr, for the CLI, whose stdout carries progress); stdout by default. */
export function createLogger(
  level: string,
  name = 'code4me',
  destination = 1,
  format: LogFormat = 'auto',
): Logger {
  const options = {
    name,
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'previous_password', '*.previous_password', 'token'],
      censor: '***',
    },
  };
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
