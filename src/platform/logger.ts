// Structured JSON logs (pino). Request bodies are never logged: they carry passwords and code.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'code4me'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['password', '*.password', 'previous_password', '*.previous_password', 'token'],
      censor: '***',
    },
  });
}
