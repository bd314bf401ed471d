// Limits applied on the public listener before any handler (and so before any signature work): a token bucket
// per client address. A client over its budget gets 429 with Retry-After; idle buckets are forgotten so a
// flood of addresses cannot grow the table without bound.

export interface ClientRateLimit {
  /** Requests per second a client may make on average; 0 turns the limit off. */
  perSecond: number;
  /** How many it may make at once. */
  burst: number;
}

export interface ClientLimiter {
  /** undefined when allowed; the seconds to wait otherwise. */
  take(client: string): number | undefined;
  readonly size: number;
}

export function createClientLimiter(limit: ClientRateLimit, now: () => number = Date.now, maxClients = 10_000): ClientLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, t: number) => {
    b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
    b.at = t;
  };
  return {
    take(client) {
      if (limit.perSecond <= 0) return undefined;
      const t = now();
      let b = buckets.get(client);
      if (!b) {
        if (buckets.size >= maxClients) {
          // forget the clients whose bucket is full again (they are idle); if none, the oldest
          for (const [k, v] of buckets) {
            refill(v, t);
            if (v.tokens >= limit.burst) buckets.delete(k);
          }
          if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
        }
        b = { tokens: limit.burst, at: t };
        buckets.set(client, b);
      } else refill(b, t);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return undefined;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
    },
    get size() {
      return buckets.size;
    },
  };
}
