// The outbox worker: delivers what the outbox store holds, one lane (channel) at a time in acceptance order,
// many lanes at once. An entry is marked delivered only after its delivery succeeded; failures back off and
// retry, and an entry that keeps failing is marked failed (and counted) rather than blocking its lane forever.
import type { Logger } from 'pino';
import type { Counters } from './metrics.js';
import type { OutboxRow, OutboxStore } from './outbox-store.js';

export interface OutboxWorker {
  /** New rows were committed in this lane. */
  kick(lane: string): void;
  /** Resume every lane with work owed (at start, after a crash). */
  start(): void;
  /** Stop taking new work; wait (bounded) for the deliveries in flight. */
  stop(deadlineMs?: number): Promise<void>;
  /** Lanes busy now. */
  busy(): number;
}

export interface OutboxWorkerOptions {
  store: OutboxStore;
  /**
   * A permanent failure (the channel is gone, the bot may not post there, the payload is refused): the rows go
   * to the dead letters at once (state failed) without retrying, so the lane moves on; said here once.
   */
  onDeadLetter?(row: OutboxRow, error: string): void;
  /** Delivers one row, or several posts of one lane as one post (see `coalesce`). */
  deliver(rows: readonly OutboxRow[]): Promise<void>;
  log: Logger;
  counters: Counters;
  maxAttempts: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  /**
   * Posts owed to one channel, at most this many, go out as one post when a backlog has built up (a burst of
   * CI events, Mattermost rate-limiting us): one post of ten lines instead of ten posts. 1 turns it off.
   */
  coalesce?: number;
  /** …as long as their texts stay under this many characters together. */
  coalesceChars?: number;
  /**
   * Lanes delivering at once. Each delivery costs the bot far more than accepting an event (an HTTPS post and
   * its echo on the socket), so under a burst a few lanes keep accepting fast and the backlog drains after.
   */
  concurrency?: number;
}


/** HTTP statuses that no retry changes: bad request, forbidden, not found, gone, too large, refused. */
const PERMANENT = new Set([400, 403, 404, 410, 413, 422]);

/** Whether a delivery error (or one it was caused by) carries a permanent HTTP status. */
export function isPermanent(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const status = (e as { status?: unknown }).status;
    if (typeof status === 'number' && PERMANENT.has(status)) return true;
  }
  return false;
}

export function createOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let stopped = false;
  const sleepers = new Set<() => void>();
  const minMs = o.retryMinMs ?? 500;
  const maxMs = o.retryMaxMs ?? 60_000;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      sleepers.add(done);
    });

  const coalesce = Math.max(1, o.coalesce ?? 1);
  const coalesceChars = o.coalesceChars ?? 12_000;

  /** The rows that go out next, together: a batch recorded before a crash, or consecutive posts (coalesce). */
  async function nextGroup(rows: readonly OutboxRow[], i: number): Promise<OutboxRow[]> {
    const head = rows[i]!;
    if (head.batch !== undefined) {
      const group: OutboxRow[] = [];
      for (let j = i; j < rows.length && rows[j]!.batch === head.batch; j++) group.push(rows[j]!);
      return group;
    }
    const group = [head];
    let chars = head.data.length;
    if (head.kind === 'post') {
      for (let j = i + 1; j < rows.length && group.length < coalesce; j++) {
        const r = rows[j]!;
        if (r.kind !== 'post' || r.batch !== undefined || chars + r.data.length > coalesceChars) break;
        group.push(r);
        chars += r.data.length;
      }
      // The composition is durable before anything is sent: a resend after a crash is the same post.
      o.store.assignBatch(
        group.map((r) => r.id),
        head.id,
      );
      for (const r of group) r.batch = head.id;
      await o.store.committed();
    }
    return group;
  }

  async function attempt(group: readonly OutboxRow[]): Promise<void> {
    const row = group[0]!;
    const ids = group.map((r) => r.id);
    let attempts = row.attempts;
    for (;;) {
      if (stopped) return;
      try {
        await o.deliver(group);
        o.store.delivered(ids);
        o.counters.inc('notify_outbox_total', { kind: row.kind, outcome: 'delivered' }, group.length);
        return;
      } catch (err) {
        if (stopped) return; // the adapter gave up because we are stopping: the row stays owed
        attempts++;
        const msg = err instanceof Error ? err.message : String(err);
        if (isPermanent(err)) {
          o.store.failed(ids, msg);
          o.counters.inc('notify_outbox_total', { kind: row.kind, outcome: 'dead' }, group.length);
          o.log.error({ id: row.id, lane: row.lane, recipe: row.recipe, error: msg }, 'notification refused for good; kept as a dead letter');
          o.onDeadLetter?.(row, msg);
          return;
        }
        if (attempts >= o.maxAttempts) {
          o.store.failed(ids, msg);
          o.counters.inc('notify_outbox_total', { kind: row.kind, outcome: 'failed' }, group.length);
          o.log.error({ id: row.id, lane: row.lane, recipe: row.recipe, attempts, error: msg }, 'notification could not be delivered; given up');
          return;
        }
        o.store.retry(row.id, msg);
        o.counters.inc('notify_outbox_total', { kind: row.kind, outcome: 'retried' });
        const delay = Math.min(maxMs, minMs * 2 ** Math.min(attempts - 1, 16)) * (0.8 + Math.random() * 0.4);
        o.log.warn({ id: row.id, lane: row.lane, attempts, delayMs: Math.round(delay), error: msg }, 'notification delivery failed, retrying');
        await sleep(delay);
      }
    }
  }

  async function drain(lane: string): Promise<void> {
    do {
      again.delete(lane);
      for (;;) {
        if (stopped) return;
        // read as many as one post may take: lanes take turns after each post, a longer read would be wasted
        const rows = o.store.pending(lane, Math.max(coalesce, 8));
        if (rows.length === 0) break;
        for (let i = 0; i < rows.length; ) {
          if (stopped) return;
          const group = await nextGroup(rows, i);
          await attempt(group);
          i += group.length;
          // Lanes waiting for a slot take turns: a busy channel must not starve the others.
          if (waiting.length > 0) {
            again.add(lane);
            return;
          }
        }
      }
    } while (again.has(lane) && !stopped);
  }

  const limit = o.concurrency ?? Infinity;
  const waiting: string[] = [];
  const queued = new Set<string>();

  function kick(lane: string): void {
    if (stopped) return;
    if (running.has(lane)) {
      again.add(lane);
      return;
    }
    if (running.size >= limit) {
      if (!queued.has(lane)) {
        queued.add(lane);
        waiting.push(lane);
      }
      return;
    }
    const p = drain(lane)
      .catch((err: unknown) => o.log.error({ err, lane }, 'outbox lane failed'))
      .finally(() => {
        running.delete(lane);
        if (again.has(lane)) {
          // back of the line: other lanes waiting for a slot go first
          again.delete(lane);
          if (!queued.has(lane)) {
            queued.add(lane);
            waiting.push(lane);
          }
        }
        const next = waiting.shift();
        if (next !== undefined) {
          queued.delete(next);
          kick(next);
        }
      });
    running.set(lane, p);
  }

  return {
    kick,
    start() {
      for (const lane of o.store.lanes()) kick(lane);
    },
    async stop(deadlineMs = 5_000) {
      stopped = true;
      for (const wake of [...sleepers]) wake();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...running.values()]), new Promise((r) => (timer = setTimeout(r, deadlineMs)))]);
      clearTimeout(timer);
    },
    busy: () => running.size,
  };
}
