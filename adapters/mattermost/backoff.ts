// Exponential backoff with jitter, shared by the socket reconnect and the outbound retries.

/** Delay before retry number `attempt` (1-based): min·2^(attempt-1), capped at max. */
export function expBackoff(attempt: number, minMs: number, maxMs: number): number {
  const exp = Math.min(Math.max(attempt - 1, 0), 30); // 2^30 already exceeds any sane cap
  return Math.min(maxMs, minMs * 2 ** exp);
}

/** The delay plus up to half of it again, so many clients (or queues) do not retry in lockstep. */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms + random() * (ms / 2));
}

/** Parse a Retry-After header (delta-seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Resolves after `ms`, or at once when `signal` aborts (so stop() is not held up by a pending retry). */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
