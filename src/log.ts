// Structured logs (pino, one JSON line per event). Secrets are redacted twice: by key wherever they appear
// (pino's `redact` paths), and by value: the known secret values (the chat tokens, and whatever a module
// registers, e.g. generated passwords) are masked in every string of a line, message included.
import pino, { type DestinationStream, type Logger } from 'pino';
import { redact } from './core/secrets.js';

export const REDACT_PATHS = [
  'token', '*.token', 'password', '*.password', 'secret', '*.secret', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'headers.cookie', 'req.headers.cookie',
  'config.mattermostToken', 'secrets', '*.secrets', 'mattermostToken', '*.mattermostToken', 'slashToken', '*.slashToken',
  // a container's environment carries the apps' generated passwords
  'env', '*.env', 'Env', '*.Env',
];

export interface LoggerOptions {
  /** Values to mask wherever they show up (read at each line, so later additions count). */
  secretValues?: () => readonly string[];
  /** Where lines go (tests); default the file descriptor. */
  destination?: DestinationStream;
}

export function createLogger(level: string, fd: 1 | 2 = 1, o: LoggerOptions = {}): Logger {
  const values = o.secretValues;
  const mask = (v: unknown, depth: number): unknown => {
    if (!values) return v;
    if (typeof v === 'string') return redact(v, [...values()]);
    if (depth > 4 || v === null || typeof v !== 'object' || v instanceof Date) return v;
    if (v instanceof Error) return v; // pino's err serializer runs later; its message is masked in logMethod
    if (Array.isArray(v)) return v.map((x) => mask(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x, depth + 1)]));
  };
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // `service`, not `app`: in the core's lines `app` is a minion's name
      base: { service: 'summoner' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (obj) => mask(obj, 0) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          if (values) {
            for (let i = 0; i < args.length; i++) {
              const a = args[i] as unknown;
              if (typeof a === 'string') args[i] = redact(a, [...values()]) as never;
              else if (a instanceof Error) a.message = redact(a.message, [...values()]);
              else if (a && typeof a === 'object' && (a as { err?: unknown }).err instanceof Error) {
                const e = (a as { err: Error }).err;
                e.message = redact(e.message, [...values()]);
              }
            }
          }
          method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    o.destination ?? pino.destination({ fd, sync: false }),
  );
}
