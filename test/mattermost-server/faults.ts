// Fault injection for REST requests: queued failures, random failures (seeded), latency.

export type FaultStatus = 429 | 500 | 502 | 503;

interface Queued {
  remaining: number;
  status: FaultStatus;
  method?: string;
  path?: RegExp;
}

/** mulberry32: small seeded PRNG so random faults (and the webhook fuzz) are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private queue: Queued[] = [];
  private randomCfg: { rate: number; statuses: number[]; next: () => number } | null = null;
  latencyMs = 0;

  failNext(n: number, status: FaultStatus, match?: { method?: string; path?: RegExp }): void {
    if (n <= 0) return;
    this.queue.push({ remaining: n, status, method: match?.method?.toUpperCase(), path: match?.path });
  }

  random(o: { rate: number; statuses: number[]; seed?: number } | null): void {
    if (!o || o.rate <= 0 || o.statuses.length === 0) {
      this.randomCfg = null;
      return;
    }
    this.randomCfg = { rate: o.rate, statuses: [...o.statuses], next: prng(o.seed ?? 1) };
  }

  /** Decide whether this REST request fails; returns the status to answer with, or undefined. */
  pick(method: string, path: string): number | undefined {
    for (let i = 0; i < this.queue.length; i++) {
      const q = this.queue[i]!;
      if (q.method && q.method !== method.toUpperCase()) continue;
      if (q.path) {
        q.path.lastIndex = 0;
        if (!q.path.test(path)) continue;
      }
      q.remaining--;
      if (q.remaining <= 0) this.queue.splice(i, 1);
      return q.status;
    }
    const r = this.randomCfg;
    if (r && r.next() < r.rate) {
      const idx = Math.floor(r.next() * r.statuses.length);
      return r.statuses[Math.min(idx, r.statuses.length - 1)];
    }
    return undefined;
  }

  reset(): void {
    this.queue = [];
    this.randomCfg = null;
    this.latencyMs = 0;
  }
}
