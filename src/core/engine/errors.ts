// Engine errors → SummonerError, once, at the engine boundary (STYLE §5, §8). Callers branch on `code`.
// Docker's JSON message is kept (it never carries our env values); the socket path goes in the hint.
import { SummonerError } from '../../errors.js';

/** What dockerode/docker-modem put on a failed request. */
interface ModemError {
  statusCode?: number;
  reason?: string;
  json?: { message?: string } | string | null;
  code?: string; // ECONNREFUSED, ENOENT, EACCES, ECONNRESET, EPIPE ... on the socket
  message?: string;
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTSOCK']);

/** Docker's own text for a failed request (JSON message, else the reason, else the message). */
export function engineMessage(err: unknown): string {
  const e = (err ?? {}) as ModemError;
  if (e.json && typeof e.json === 'object' && typeof e.json.message === 'string') return e.json.message;
  if (typeof e.json === 'string' && e.json.trim()) return e.json.trim();
  return e.message ?? e.reason ?? String(err);
}

export function statusOf(err: unknown): number | undefined {
  return typeof (err as ModemError | undefined)?.statusCode === 'number' ? (err as ModemError).statusCode : undefined;
}

export function isNotFound(err: unknown): boolean {
  return statusOf(err) === 404;
}

export function isSocketError(err: unknown): boolean {
  const code = (err as ModemError | undefined)?.code;
  return typeof code === 'string' && SOCKET_CODES.has(code);
}

/** Is this "port in use" as the engine (or docker-proxy) says it? */
export function isPortTaken(text: string): boolean {
  return /port is already allocated|address already in use|bind: address/i.test(text);
}

export interface MapContext {
  /** What we were doing, for the message: "creating container wekan-example.org". */
  doing: string;
  socket?: string;
  image?: string;
}

/** One mapping for every engine call. SummonerErrors pass through unchanged. */
export function mapEngineError(err: unknown, ctx: MapContext): SummonerError {
  if (err instanceof SummonerError) return err;
  const e = (err ?? {}) as ModemError;
  if (isSocketError(err)) {
    const denied = e.code === 'EACCES';
    return new SummonerError('engine.unreachable', `Docker Engine unreachable while ${ctx.doing} (${e.code})`, {
      hint: denied
        ? `no permission on the socket ${ctx.socket ?? ''}: run the bot as a member of the docker group`
        : `is Docker running? Start it (bash scripts/docker/ensure-engine.sh) and check engine.socket (${ctx.socket ?? 'default'})`,
      cause: err,
    });
  }
  const msg = engineMessage(err);
  const status = statusOf(err);
  if (isPortTaken(msg)) {
    return new SummonerError('port.taken', `a host port is already in use while ${ctx.doing}: ${msg}`, {
      hint: 'free the port or change the minion\'s published port',
      cause: err,
    });
  }
  if (ctx.image && (status === 404 || /manifest unknown|not found|pull access denied|repository does not exist|no such image/i.test(msg))) {
    return new SummonerError('image.missing', `image ${ctx.image} not found`, {
      hint: 'check the version (`versions <app>`) or that the registry is reachable',
      cause: err,
    });
  }
  if (ctx.image && /dial tcp|no such host|i\/o timeout|connection refused|tls handshake|server misbehaving|network is unreachable/i.test(msg)) {
    return new SummonerError('image.missing', `image ${ctx.image} is not here and its registry cannot be reached`, {
      hint: 'check the registry address and the network, or load the image locally',
      cause: err,
    });
  }
  switch (status) {
    case 404:
      return new SummonerError('engine.not_found', `${ctx.doing}: ${msg}`, { cause: err });
    case 409:
      return new SummonerError('engine.conflict', `${ctx.doing}: ${msg}`, {
        hint: 'something with that name already exists or is in use',
        cause: err,
      });
    case 401:
    case 403:
      return new SummonerError('engine.denied', `${ctx.doing}: ${msg}`, { cause: err });
    default:
      return new SummonerError('engine.error', `${ctx.doing} failed: ${msg}`, { cause: err });
  }
}

/** Run one engine call and map whatever it throws. */
export async function call<T>(ctx: MapContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapEngineError(err, ctx);
  }
}
