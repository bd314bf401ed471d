// REST on Client4, with the one thing Client4 cannot tell us: the HTTP status of a failure.
// The rate limiter answers 429 in text/plain, and Client4 then rejects with status_code undefined and an empty
// message (contract §6, §12). Client4 has no per-instance fetch, but `doFetchWithResponse` is an instance field
// that every method goes through, so we wrap it on *our* instance only: ask it to ignore the status, then throw
// our own error carrying the real status and Retry-After. No global fetch is touched.
import http from 'node:http';
import https from 'node:https';
import type mattermostClientModule from '@mattermost/client';
import { createRequire } from 'node:module';
import type { Client4 as Client4Type } from '@mattermost/client';
import { expBackoff, parseRetryAfter, sleep, withJitter } from './backoff.js';

// CommonJS packages loaded by require, not import: Node's ESM loader would scan their sources for exports
// first (cjs-module-lexer: ~25 ms of the Mattermost start here)
const { Client4 } = createRequire(import.meta.url)('@mattermost/client') as typeof mattermostClientModule;

export class MattermostHttpError extends Error {
  override readonly name = 'MattermostHttpError';
  constructor(
    message: string,
    /** HTTP status; undefined for network errors and timeouts. */
    readonly status: number | undefined,
    /** Path of the request (no query string, never a token). */
    readonly path: string,
    readonly serverErrorId?: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Worth retrying: network errors, timeouts, 408, 429 and 5xx. Anything else is the request's own fault. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof MattermostHttpError)) return false;
  const s = err.status;
  return s === undefined || s === 408 || s === 429 || s >= 500;
}

export interface RetryPolicy {
  minMs: number;
  maxMs: number;
  /** Give up after this many attempts (default: never, for transient errors). */
  maxAttempts?: number;
  /** Checked before each retry: return true to give up (e.g. adapter stopped past its deadline). */
  aborted?: () => boolean;
  /** Cuts a retry wait short (then `aborted` decides). */
  signal?: AbortSignal;
  onRetry?: (err: MattermostHttpError, attempt: number, delayMs: number) => void;
}

export interface Rest {
  readonly client: Client4Type;
  readonly siteUrl: string;
  /** Run one request through the shared rate-limit gate, retrying transient failures per `policy`. */
  call<T>(fn: (c: Client4Type) => Promise<T>, policy: RetryPolicy): Promise<T>;
}

type FetchResult = { response: Response; headers: Headers; data: unknown };
type DoFetch = (url: string, options: Record<string, unknown>) => Promise<FetchResult>;

export function createRest(siteUrl: string, token: string, requestTimeoutMs = 30_000): Rest {
  const site = siteUrl.replace(/\/+$/, '');
  const client = new Client4();
  client.setUrl(site);
  client.setToken(token);
  client.setUserAgent('summoner-bot');

  const agent = new (site.startsWith('https:') ? https : http).Agent({ keepAlive: true });
  const inner = client as unknown as { doFetchWithResponse: DoFetch };
  const original = inner.doFetchWithResponse;
  inner.doFetchWithResponse = async (url, options) => {
    const path = pathOf(url, site);
    let result: FetchResult;
    try {
      // A request that hangs would stall its channel's queue forever; a retried create is de-duplicated.
      const signal = (options.signal as AbortSignal | undefined) ?? AbortSignal.timeout(requestTimeoutMs);
      result = throughNodeHttp(path, options)
        ? await nodeRequest(agent, url, client.getOptions({ ...options, signal }) as NodeRequestInit)
        : await original(url, { ...options, ignoreStatus: true, signal });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new MattermostHttpError(`network error on ${path}: ${why}`, undefined, path, undefined, undefined, { cause: err });
    }
    const { response, headers, data } = result;
    if (response.ok) return result;
    const body = (data ?? {}) as { message?: unknown; id?: unknown };
    const text =
      typeof body.message === 'string' && body.message !== ''
        ? body.message
        : typeof data === 'string' && data.trim() !== ''
          ? data.trim().slice(0, 200)
          : response.statusText;
    throw new MattermostHttpError(
      `${response.status} ${text}`,
      response.status,
      path,
      typeof body.id === 'string' ? body.id : undefined,
      parseRetryAfter(headers.get('Retry-After')),
    );
  };

  // A 429 means the whole bot (the limiter keys on IP or token) must wait, not just one queue.
  let notBefore = 0;

  return {
    client,
    siteUrl: site,
    async call(fn, policy) {
      for (let attempt = 1; ; attempt++) {
        const wait = notBefore - Date.now();
        if (wait > 0) await sleep(wait, policy.signal);
        try {
          return await fn(client);
        } catch (err) {
          const e = err instanceof MattermostHttpError ? err : undefined;
          if (!e || !isTransient(e)) throw err;
          if (policy.maxAttempts !== undefined && attempt >= policy.maxAttempts) throw e;
          if (policy.aborted?.()) throw e;
          let delay = withJitter(expBackoff(attempt, policy.minMs, policy.maxMs));
          if (e.status === 429) {
            const ra = e.retryAfterMs ?? policy.minMs;
            notBefore = Math.max(notBefore, Date.now() + ra);
            delay = Math.max(ra, Math.min(delay, policy.minMs));
          }
          policy.onRetry?.(e, attempt, delay);
          await sleep(delay, policy.signal);
          if (policy.aborted?.()) throw e;
        }
      }
    },
  };
}

function pathOf(url: string, site: string): string {
  const noQuery = url.split('?')[0] ?? url;
  return noQuery.startsWith(site) ? noQuery.slice(site.length) : noQuery;
}

/**
 * Creating a post is the request a burst of notifications makes by the hundred (bench:webhooks): through
 * node:http with a kept-alive agent it costs the bot a third of the CPU that fetch (undici's web streams) does.
 * GETs without a body go the same way: the start's (me, team, channels) would otherwise load undici before the
 * bot is ready (~30 ms of CPU here). Everything else (uploads, edits, deletes) keeps Client4's fetch.
 */
function throughNodeHttp(path: string, options: Record<string, unknown>): boolean {
  const method = String(options.method ?? 'get').toLowerCase();
  if (method === 'get') return options.body === undefined;
  return path === '/api/v4/posts' && method === 'post' && typeof options.body === 'string';
}

interface NodeRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** One request through node:http(s), answered in the shape of Client4's doFetchWithResponse (headers capitalised). */
function nodeRequest(agent: http.Agent, url: string, init: NodeRequestInit): Promise<FetchResult> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const send = url.startsWith('https:') ? https.request : http.request;
    const headers = body ? { ...init.headers, 'Content-Length': String(body.length) } : init.headers;
    const req = send(url, { method: init.method.toUpperCase(), headers, agent, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Map<string, string>();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k.replace(/\b[a-z]/g, (l) => l.toUpperCase()), Array.isArray(v) ? v.join(', ') : v);
        // the body as Client4's own doFetchWithResponse reads it, by content type
        const raw = Buffer.concat(chunks);
        const type = headers.get('Content-Type') ?? '';
        let data: unknown;
        try {
          if (/^application\/json\b/.test(type)) data = JSON.parse(raw.toString('utf8'));
          else if (/^application\/x-ndjson\b/.test(type)) data = raw.toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
          else if (/^application\/zip\b/.test(type)) data = new Blob([raw]);
          else data = raw.toString('utf8');
        } catch (err) {
          reject(new Error('Received invalid response from the server.', { cause: err }));
          return;
        }
        const status = res.statusCode ?? 0;
        const response = { ok: status >= 200 && status < 300, status, statusText: res.statusMessage ?? '' } as Response;
        resolve({ response, headers: headers as unknown as Headers, data });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
