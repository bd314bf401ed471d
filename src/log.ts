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
  /** Short human lines instead of JSON (the interactive shell, where a person reads them between answers). */
  human?: boolean;
}

const LEVELS: Record<string, string> = { trace: 'trace', debug: 'debug', info: 'info', warn: 'warning', error: 'error', fatal: 'fatal' };
/** Fields of a JSON line that a person does not need in the shell. */
const PLUMBING = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname', 'err', 'module']);

/** One JSON log line as a short human line: `12:03:04 warning summon failed: no such image (app=ghost)`. */
export function humanLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof o.time === 'string' ? o.time.slice(11, 19) : '';
  const err = o.err && typeof o.err === 'object' ? (o.err as { message?: unknown }).message : undefined;
  const fields = Object.entries(o)
    .filter(([k, v]) => !PLUMBING.has(k) && v !== undefined && (typeof v !== 'object' || v === null))
    .slice(0, 6)
    .map(([k, v]) => `${k}=${String(v)}`);
  const level = LEVELS[String(o.level)] ?? String(o.level);
  return `${time} ${level} ${String(o.msg ?? '')}${typeof err === 'string' ? `: ${err}` : ''}${fields.length ? ` (${fields.join(', ')})` : ''}\n`;
}

/** A destination that writes each JSON line as a human line. */
export function humanDestination(inner: DestinationStream): DestinationStream {
  return { write: (line: string) => inner.write(humanLine(line)) } as DestinationStream;
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
    maskingDestination(
      o.human ? humanDestination(o.destination ?? pino.destination({ fd, sync: false })) : (o.destination ?? pino.destination({ fd, sync: false })),
      o.secretValues,
    ),
  );
}
