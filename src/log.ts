// Structured logs (pino, one JSON line per event). Secrets are redacted twice: by key wherever they appear
// (pino's `redact` paths), and by value: every value registered with src/secrets/redact.ts (chat and slash
// tokens, webhook secrets, the metrics token, generated passwords, SFTP key material; each registered where it
// is loaded) is masked in the finished line itself, so a message, a field, an error's message, its `cause`
// chain and its stack are all covered, whatever shape they came in.
import pino, { type DestinationStream, type Logger } from 'pino';
import { redact, registerSecret } from './secrets/redact.js';

export const REDACT_PATHS = [
  'token', '*.token', 'password', '*.password', 'secret', '*.secret', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'headers.cookie', 'req.headers.cookie',
  'config.mattermostToken', 'secrets', '*.secrets', 'mattermostToken', '*.mattermostToken', 'slashToken', '*.slashToken',
  'passphrase', '*.passphrase', 'privateKey', '*.privateKey', 'metricsToken', '*.metricsToken',
  // a container's environment carries the apps' generated passwords
  'env', '*.env', 'Env', '*.Env',
];

export interface LoggerOptions {
  /** Extra values to mask (registered with the redactor when read; later additions count). */
  secretValues?: () => readonly string[];
  /** Where lines go (tests); default the file descriptor. */
  destination?: DestinationStream;
}

/** A destination that masks every registered secret in each finished line before it is written. */
export function maskingDestination(inner: DestinationStream, extra?: () => readonly string[]): DestinationStream {
  return {
    write(line: string) {
      if (extra) for (const v of extra()) registerSecret(v);
      return inner.write(redact(line));
    },
  } as DestinationStream;
}

export function createLogger(level: string, fd: 1 | 2 = 1, o: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // `service`, not `app`: in the core's lines `app` is a minion's name
      base: { service: 'summoner' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // an error's cause chain is logged in full (pino's default serializer folds it into the stack), and masked
      serializers: { err: pino.stdSerializers.errWithCause },
    },
    maskingDestination(o.destination ?? pino.destination({ fd, sync: false }), o.secretValues),
  );
}
