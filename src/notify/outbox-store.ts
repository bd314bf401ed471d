// The notification center's tables in the robot's SQLite database (same file as the audit): accepted events
// (their delivery ids, to drop duplicates) and the outbox of actions still owed. The tables are created by
// the store's migrations (src/robot/migrations.ts), like every table of that file.
import type Database from 'better-sqlite3';
import type { SqliteAccess } from '../robot/store.js';

export interface OutboxRow {
  id: number;
  lane: string;
  kind: 'post' | 'command' | 'forward';
  data: string;
  recipe: string;
  acceptedAt: number;
  attempts: number;
  /** Rows sent together in one post share the id of the first; set (and committed) before the post is sent. */
  batch?: number;
}

export interface NewOutboxRow {
  lane: string;
  kind: OutboxRow['kind'];
  data: string;
  recipe: string;
}

export interface OutboxStore {
  /**
   * Records an event and the actions it asks for, in the current group transaction. Returns undefined when the
   * event was already accepted (any of its dedupe keys seen: its delivery id, or its body's hash): nothing is
   * added twice.
   */
  accept(dedupe: string | readonly string[], rows: readonly NewOutboxRow[]): OutboxRow[] | undefined;
  /** The oldest pending rows of a lane, in order. */
  pending(lane: string, limit: number): OutboxRow[];
  /** Lanes with work owed (at start). */
  lanes(): string[];
  /** Records which rows go out together, before they are sent: after a crash the same rows are resent as one. */
  assignBatch(ids: readonly number[], batch: number): void;
  delivered(ids: readonly number[]): void;
  retry(id: number, error: string): void;
  failed(ids: readonly number[], error: string): void;
  counts(): Record<string, number>;
  /** Forgets delivery ids and finished entries older than a week; returns how many rows went. */
  prune(): number;
  committed(): Promise<void>;
}

export function openOutboxStore(sql: SqliteAccess, now: () => number = Date.now): OutboxStore {
  const db: Database.Database = sql.db;
  const q = {
    event: db.prepare(`INSERT OR IGNORE INTO notify_event (dedupe, at) VALUES (?, ?)`),
    add: db.prepare(`INSERT INTO notify_outbox (lane, kind, data, recipe, accepted_at) VALUES (?, ?, ?, ?, ?)`),
    pending: db.prepare(`SELECT * FROM notify_outbox WHERE lane = ? AND state = 'pending' ORDER BY id LIMIT ?`),
    lanes: db.prepare(`SELECT DISTINCT lane FROM notify_outbox WHERE state = 'pending'`),
    delivered: db.prepare(`UPDATE notify_outbox SET state = 'delivered', done_at = ? WHERE id = ?`),
    retry: db.prepare(`UPDATE notify_outbox SET attempts = attempts + 1, error = ? WHERE id = ?`),
    failed: db.prepare(`UPDATE notify_outbox SET state = 'failed', attempts = attempts + 1, error = ?, done_at = ? WHERE id = ?`),
    batch: db.prepare(`UPDATE notify_outbox SET batch = ? WHERE id = ?`),
    counts: db.prepare(`SELECT state, COUNT(*) AS n FROM notify_outbox GROUP BY state`),
    pruneEvents: db.prepare(`DELETE FROM notify_event WHERE at < ?`),
    pruneDone: db.prepare(`DELETE FROM notify_outbox WHERE state != 'pending' AND done_at < ?`),
  };
  // Delivery ids are kept a week: senders retry for hours at most (GitHub does not retry by itself).
  const prune = () => {
    const weekAgo = now() - 7 * 24 * 3600 * 1000;
    return sql.write(() => q.pruneEvents.run(weekAgo).changes + q.pruneDone.run(weekAgo).changes);
  };
  prune();

  const toRow = (r: Record<string, unknown>): OutboxRow => ({
    id: r.id as number,
    lane: r.lane as string,
    kind: r.kind as OutboxRow['kind'],
    data: r.data as string,
    recipe: r.recipe as string,
    acceptedAt: r.accepted_at as number,
    attempts: r.attempts as number,
    ...(r.batch != null ? { batch: r.batch as number } : {}),
  });

  return {
    accept: (dedupe, rows) =>
      sql.write(() => {
        const at = now();
        let seen = false;
        for (const key of typeof dedupe === 'string' ? [dedupe] : dedupe) if (q.event.run(key, at).changes === 0) seen = true;
        if (seen) return undefined;
        return rows.map((r) => {
          const id = Number(q.add.run(r.lane, r.kind, r.data, r.recipe, at).lastInsertRowid);
          return { id, ...r, acceptedAt: at, attempts: 0 };
        });
      }),
    pending: (lane, limit) => (q.pending.all(lane, limit) as Record<string, unknown>[]).map(toRow),
    lanes: () => (q.lanes.all() as { lane: string }[]).map((r) => r.lane),
    assignBatch: (ids, batch) => void sql.write(() => ids.forEach((id) => q.batch.run(batch, id))),
    delivered: (ids) => void sql.write(() => ids.forEach((id) => q.delivered.run(now(), id))),
    retry: (id, error) => void sql.write(() => q.retry.run(error.slice(0, 500), id)),
    failed: (ids, error) => void sql.write(() => ids.forEach((id) => q.failed.run(error.slice(0, 500), now(), id))),
    prune,
    counts: () => Object.fromEntries((q.counts.all() as { state: string; n: number }[]).map((r) => [r.state, r.n])),
    committed: () => sql.committed(),
  };
}
