// The HTTP edge of the notification center: `POST /hooks/<name>`. Checks in order: known hook, signature,
// rate limit, JSON; then hands the event to the center, which answers only once it is durable. Every outcome
// is counted per hook. Nothing a sender does reaches further than a 4xx.
import type { Logger } from 'pino';
import type { HttpServer } from '../../http/server.js';
import type { HttpResponseInfo } from '../../robot/types.js';
import type { HookConfig } from '../config.js';
import type { Counters } from '../metrics.js';
import type { IncomingEvent } from '../recipes.js';
import { BodyError, readPayload, type ReadBody } from './body.js';
import { readEvent, verify } from './verify.js';

export const HOOK_PREFIX = '/hooks/';

/** `why`: what the sender is told when nothing acts on its event (GitHub and Gitea show it beside the delivery). */
export type AcceptResult = { status: 'accepted'; actions: number } | { status: 'duplicate' } | { status: 'ignored'; why?: string };

export interface WebhookRoutesOptions {
  hooks: Readonly<Record<string, HookConfig>>;
  /** Secrets by hook name (read from each hook's secretEnv at start). */
  secrets: Readonly<Record<string, string>>;
  counters: Counters;
  accept(e: IncomingEvent): Promise<AcceptResult>;
  log: Logger;
  now?: () => number;
}

/** A token bucket per hook: `rate` per second sustained, `burst` at once. */
export function tokenBucket(rate: number, burst: number, now: () => number) {
  let tokens = burst;
  let last = now();
  return {
    take(): boolean {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * rate);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    /** Seconds until one token is back. */
    retryAfter: () => Math.max(1, Math.ceil((1 - tokens) / rate)),
  };
}

const text = (status: number, body: string, headers?: Record<string, string>): HttpResponseInfo => ({ status, body: `${body}\n`, ...(headers ? { headers } : {}) });

/** The hook a path names, for counting refusals the server made itself (413, 405). */
export function hookOfPath(path: string, hooks: Readonly<Record<string, unknown>>): string | undefined {
  if (!path.startsWith(HOOK_PREFIX)) return undefined;
  const name = path.slice(HOOK_PREFIX.length);
  return Object.hasOwn(hooks, name) ? name : '(unknown)';
}

export function mountWebhooks(http: HttpServer, o: WebhookRoutesOptions): void {
  const now = o.now ?? Date.now;
  const buckets = new Map(Object.entries(o.hooks).map(([name, h]) => [name, tokenBucket(h.ratePerSecond, h.burst, now)]));
  const count = (hook: string, outcome: string) => o.counters.inc('webhook_requests_total', { hook, outcome });

  http.routePrefix('POST', HOOK_PREFIX, async (req) => {
    const name = req.path.slice(HOOK_PREFIX.length);
    const hook = Object.hasOwn(o.hooks, name) ? o.hooks[name] : undefined;
    const secret = Object.hasOwn(o.secrets, name) ? o.secrets[name] : undefined;
    if (!hook || !secret) {
      count('(unknown)', 'unknown_hook'); // the name is not a label: a sender could make up millions
      return text(404, 'no such hook');
    }
    // The signature first: a stranger's requests must not spend the sender's rate budget.
    const v = verify(hook.source, secret, req.body, req.headers);
    if (!v.ok) {
      count(name, 'bad_signature');
      o.log.warn({ hook: name, reason: v.reason }, 'webhook refused: bad signature');
      // the reason names a header and whether it was missing or wrong: nothing of the secret
      return text(401, `bad signature: ${v.reason}`);
    }
    const bucket = buckets.get(name)!;
    if (!bucket.take()) {
      count(name, 'rate_limited');
      return text(429, 'too many requests', { 'retry-after': String(bucket.retryAfter()) });
    }
    const ct = req.headers['content-type'];
    const contentType = (Array.isArray(ct) ? ct[0] : ct) ?? 'application/json';
    let read: ReadBody;
    try {
      const r = readPayload(req.body, contentType, hook.source);
      read = r instanceof Promise ? await r : r;
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      count(name, 'bad_json');
      return text(400, err.message);
    }
    const { payload } = read;
    const { event, deliveryId } = readEvent(hook.source, req.body, payload, req.headers);
    let r: AcceptResult;
    try {
      r = await o.accept({
        source: hook.source,
        hook: name,
        event,
        deliveryId,
        payload,
        raw: req.body,
        contentType,
        authenticatedBy: v.by,
      });
    } catch (err) {
      count(name, 'error');
      o.log.error({ err, hook: name }, 'webhook could not be stored');
      return text(503, 'could not store the event; send it again');
    }
    count(name, r.status);
    // a body that was not JSON as sent: the answer says how it was read
    const answer = JSON.stringify(read.read ? { ...r, read: read.read } : r);
    return { status: r.status === 'accepted' ? 202 : 200, headers: { 'content-type': 'application/json' }, body: answer };
  });
}
