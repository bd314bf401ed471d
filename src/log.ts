// Structured logs (pino, one JSON line per event). Secrets are redacted by key wherever they appear.
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'token', '*.token', 'password', '*.password', 'secret', '*.secret', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'config.mattermostToken', 'secrets',
];

export function createLogger(level: string, fd: 1 | 2 = 1): Logger {
  return pino(
    // `service`, not `app`: in the core's lines `app` is a minion's name
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'summoner' } },
    pino.destination({ fd, sync: false }),
  );
}
