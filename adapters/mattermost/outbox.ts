// Outbound writes, one FIFO queue per channel so a channel's posts land in the order they were asked for.
// Transient failures (network, timeouts, 429, 5xx) are retried with capped exponential backoff for as long as it
// takes: a reply the bot owes is never dropped while it runs. Only stop() past its deadline abandons what is left.
import type { Logger } from 'pino';
import type { Client4 } from '@mattermost/client';
import type { Rest } from './rest.js';

export interface Outbox {
  /** Run `op` after everything queued before it in `channelId`; resolves with its result. */
  enqueue<T>(channelId: string, what: string, op: (c: Client4) => Promise<T>): Promise<T>;
  /** Operations queued or running. */
  pending(): number;
  /** Wait until every queue is empty, or until the deadline; then abandon the rest. Returns how many were abandoned. */
  flush(deadlineMs: number): Promise<number>;
}

export interface OutboxOptions {
  rest: Rest;
  log: Logger;
  retryMinMs: number;
  retryMaxMs: number;
}

export function createOutbox(opts: OutboxOptions): Outbox {
  const tails = new Map<string, Promise<unknown>>();
  let pending = 0;
  let abandoned = false;
  const abandon = new AbortController();
  let drained: (() => void) | undefined;

  return {
    enqueue(channelId, what, op) {
      if (abandoned) return Promise.reject(new Error(`mattermost adapter stopped: ${what} not sent`));
      pending++;
      const prev = tails.get(channelId) ?? Promise.resolve();
      const run = prev.then(() =>
        opts.rest.call(op, {
          minMs: opts.retryMinMs,
          maxMs: opts.retryMaxMs,
          aborted: () => abandoned,
          signal: abandon.signal,
          onRetry: (err, attempt, delayMs) =>
            opts.log[attempt >= 5 ? 'warn' : 'debug'](
              { channelId, attempt, delayMs, status: err.status, error: err.message },
              `mattermost ${what} failed, retrying`,
            ),
        }),
      );
      const tail = run.then(
        () => undefined,
        () => undefined,
      );
      tails.set(channelId, tail);
      void tail.then(() => {
        pending--;
        if (tails.get(channelId) === tail) tails.delete(channelId);
        if (pending === 0) drained?.();
      });
      return run;
    },
    pending: () => pending,
    async flush(deadlineMs) {
      if (pending > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs))),
        ]);
        clearTimeout(timer);
      }
      const left = pending;
      abandoned = true; // retry loops give up now rather than at their next attempt
      abandon.abort();
      return left;
    },
  };
}
