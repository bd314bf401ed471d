// The notification center's tables in the state database (same file as the audit): the keys of accepted events
// (their delivery ids and body hashes, to drop duplicates) and the outbox of actions still owed. The tables are
// created by notify's own migrations (./schema.ts), listed with every module's by src/schema.ts.
import type Database from 'better-sqlite3';
import type { SqliteAccess } from '../state/database.js';

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

/** An entry refused for good (or given up after its retries): kept until retried, dropped, or a week old. */
export interface DeadLetter extends OutboxRow {
  error: string;
  failedAt: number;
}

/** Which dead letters a retry or a drop acts on. */
export type DeadLetterSelection = readonly number[] | 'all';

/** An event to record: its dedupe keys (delivery id, body hash) and the actions it asks for. */
export interface NewEvent {
  dedupe: string | readonly string[];
  rows: readonly NewOutboxRow[];
}

export interface OutboxStore {
  /**
   * Records an event and the actions it asks for, in the current group transaction. Returns undefined when the
   * event was already accepted (any of its dedupe keys seen: its delivery id, or its body's hash): nothing is
   * added twice.
   */
  accept(dedupe: string | readonly string[], rows: readonly NewOutboxRow[]): OutboxRow[] | undefined;
  /**
   * Records events accepted together, in order, in the current group transaction: for each, its rows, undefined
   * for a duplicate (of an earlier event or of one before it in the list), or the error that kept it out. An
   * event that fails leaves nothing behind (neither its keys nor its rows) and the others are kept.
   */
  acceptMany(events: readonly NewEvent[]): (OutboxRow[] | undefined | Error)[];
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
  /** Entries per lane and state (pending, delivered, failed). */
  countsByLane(): Record<string, Record<string, number>>;
  /** The dead letters, oldest first. */
  deadLetters(limit?: number): DeadLetter[];
  /** Puts dead letters back in their lane's queue (attempts start again); returns the rows revived. */
  revive(which: DeadLetterSelection): OutboxRow[];
  /** Deletes dead letters; returns how many went. Pending and delivered rows are never touched. */
  drop(which: DeadLetterSelection): number;
  /** Forgets delivery ids and finished entries older than a week; returns how many rows went. */
  prune(): number;
  committed(): Promise<void>;
}

/**
 * The keys of the events a database holds, in memory: loaded once per connection (every store on it shares
 * them) and checked there, so that an accepted event writes its keys at the end of an append-only log instead
 * of into a unique index whose pages are random (one dirty page per key per commit, most of an event's cost).
 * About a hundred bytes per key, two keys per event, kept a week.
 */
const seenByDb = new WeakMap<Database.Database, Set<string>>();

export function openOutboxStore(sql: SqliteAccess, now: () => number = Date.now): OutboxStore {
  const db: Database.Database = sql.db;
  const q = {
    key: db.prepare(`INSERT INTO notify_seen (key, at) VALUES (?, ?)`),
    twoKeys: db.prepare(`INSERT INTO notify_seen (key, at) VALUES (?, ?), (?, ?)`),
    keys: db.prepare(`SELECT key FROM notify_seen`).pluck(),
    add: db.prepare(`INSERT INTO notify_outbox (lane, kind, data, recipe, accepted_at) VALUES (?, ?, ?, ?, ?)`),
    // what a delivery needs, as arrays: the worker reads a post's worth of rows per post, and building each row
    // object with every column (state, error, done_at) cost as much as the read
    pending: db.prepare(`SELECT id, kind, data, recipe, accepted_at, attempts, batch FROM notify_outbox WHERE lane = ? AND state = 'pending' ORDER BY id LIMIT ?`).raw(),
    lanes: db.prepare(`SELECT DISTINCT lane FROM notify_outbox WHERE state = 'pending'`),
    delivered: db.prepare(`UPDATE notify_outbox SET state = 'delivered', done_at = ? WHERE id = ?`),
    retry: db.prepare(`UPDATE notify_outbox SET attempts = attempts + 1, error = ? WHERE id = ?`),
    failed: db.prepare(`UPDATE notify_outbox SET state = 'failed', attempts = attempts + 1, error = ?, done_at = ? WHERE id = ?`),
    batch: db.prepare(`UPDATE notify_outbox SET batch = ? WHERE id = ?`),
    counts: db.prepare(`SELECT state, COUNT(*) AS n FROM notify_outbox GROUP BY state`),
    countsByLane: db.prepare(`SELECT lane, state, COUNT(*) AS n FROM notify_outbox GROUP BY lane, state ORDER BY lane`),
    dead: db.prepare(`SELECT * FROM notify_outbox WHERE state = 'failed' ORDER BY id LIMIT ?`),
    deadOne: db.prepare(`SELECT * FROM notify_outbox WHERE state = 'failed' AND id = ?`),
    revive: db.prepare(`UPDATE notify_outbox SET state = 'pending', attempts = 0, error = NULL, done_at = NULL, batch = NULL WHERE state = 'failed' AND id = ?`),
    drop: db.prepare(`DELETE FROM notify_outbox WHERE state = 'failed' AND id = ?`),
    pruneKeys: db.prepare(`DELETE FROM notify_seen WHERE at < ? RETURNING key`).pluck(),
    pruneDone: db.prepare(`DELETE FROM notify_outbox WHERE state != 'pending' AND done_at < ?`),
    savepoint: db.prepare('SAVEPOINT notify_accept'),
    rollbackTo: db.prepare('ROLLBACK TO notify_accept'),
    release: db.prepare('RELEASE notify_accept'),
    eventSavepoint: db.prepare('SAVEPOINT notify_accept_one'),
    eventRollbackTo: db.prepare('ROLLBACK TO notify_accept_one'),
    eventRelease: db.prepare('RELEASE notify_accept_one'),
    // a group's rows in one statement each (ids as a JSON array): a coalesced post of twenty lines is one write
    batchMany: db.prepare(`UPDATE notify_outbox SET batch = ? WHERE id IN (SELECT value FROM json_each(?))`),
    deliveredMany: db.prepare(`UPDATE notify_outbox SET state = 'delivered', done_at = ? WHERE id IN (SELECT value FROM json_each(?))`),
  };
  const keys = seenByDb.get(db) ?? new Set(q.keys.iterate() as IterableIterator<string>);
  seenByDb.set(db, keys);

  // Delivery ids are kept a week: senders retry for hours at most (GitHub does not retry by itself).
  const prune = () => {
    const weekAgo = now() - 7 * 24 * 3600 * 1000;
    return sql.write(() => {
      const old = q.pruneKeys.all(weekAgo) as string[];
      for (const k of old) keys.delete(k);
      return old.length + q.pruneDone.run(weekAgo).changes;
    });
  };
  prune();

  /**
   * Writes one event (its new keys, then its rows, unless it is a duplicate); the keys it added to memory are
   * pushed on `added`, so that a rollback can take them back.
   */
  function write(e: NewEvent, at: number, added: string[]): OutboxRow[] | undefined {
    let duplicate = false;
    const fresh: string[] = [];
    for (const k of typeof e.dedupe === 'string' ? [e.dedupe] : e.dedupe) {
      if (keys.has(k) || fresh.includes(k)) duplicate = true;
      else fresh.push(k);
    }
    // a replay's new keys are recorded too (as before): its own retry is a duplicate as well
    if (fresh.length === 2) q.twoKeys.run(fresh[0], at, fresh[1], at);
    else for (const k of fresh) q.key.run(k, at);
    for (const k of fresh) {
      keys.add(k);
      added.push(k);
    }
    if (duplicate) return undefined;
    return e.rows.map((r) => ({ id: Number(q.add.run(r.lane, r.kind, r.data, r.recipe, at).lastInsertRowid), ...r, acceptedAt: at, attempts: 0 }));
  }

  const forget = (added: readonly string[]) => {
    for (const k of added) keys.delete(k);
  };

  function acceptMany(events: readonly NewEvent[]): (OutboxRow[] | undefined | Error)[] {
    if (events.length === 0) return [];
    const added: string[] = [];
    const out = sql.write(() => {
      const at = now();
      // Events accepted together share one commit, and one savepoint: a savepoint copies every page it changes
      // aside (to undo them), once per savepoint, so one per event cost as much again as the writes. If any
      // write fails, the batch is undone and written again one event per savepoint: the event that fails
      // leaves nothing behind (its delivery id recorded without its rows would call the sender's retry a
      // duplicate and lose the event), and the others are kept.
      q.savepoint.run();
      try {
        const rows = events.map((e) => write(e, at, added));
        q.release.run();
        return rows;
      } catch {
        q.rollbackTo.run();
        q.release.run();
        forget(added.splice(0));
      }
      return events.map((e): OutboxRow[] | undefined | Error => {
        const mine: string[] = [];
        q.eventSavepoint.run();
        try {
          const rows = write(e, at, mine);
          q.eventRelease.run();
          added.push(...mine);
          return rows;
        } catch (err) {
          q.eventRollbackTo.run();
          q.eventRelease.run();
          forget(mine);
          return err instanceof Error ? err : new Error(String(err));
        }
      });
    });
    // keys of events whose commit fails are forgotten: those events were refused, and their retries are new
    if (added.length > 0) sql.committed().catch(() => forget(added));
    return out;
  }

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

  /** The dead letters a selection names (ids that are not dead letters are left out). */
  const selected = (which: DeadLetterSelection): OutboxRow[] =>
    which === 'all'
      ? (q.dead.all(-1) as Record<string, unknown>[]).map(toRow)
      : which.flatMap((id) => {
          const r = q.deadOne.get(id) as Record<string, unknown> | undefined;
          return r ? [toRow(r)] : [];
        });

  return {
    accept: (dedupe, rows) => {
      const [r] = acceptMany([{ dedupe, rows }]);
      if (r instanceof Error) throw r;
      return r;
    },
    acceptMany,
    pending: (lane, limit) =>
      (q.pending.all(lane, limit) as [number, OutboxRow['kind'], string, string, number, number, number | null][]).map(([id, kind, data, recipe, acceptedAt, attempts, batch]) => ({
        id,
        lane,
        kind,
        data,
        recipe,
        acceptedAt,
        attempts,
        ...(batch !== null ? { batch } : {}),
      })),
    lanes: () => (q.lanes.all() as { lane: string }[]).map((r) => r.lane),
    assignBatch: (ids, batch) => void sql.write(() => (ids.length === 1 ? q.batch.run(batch, ids[0]) : q.batchMany.run(batch, JSON.stringify(ids)))),
    delivered: (ids) => void sql.write(() => (ids.length === 1 ? q.delivered.run(now(), ids[0]) : q.deliveredMany.run(now(), JSON.stringify(ids)))),
    retry: (id, error) => void sql.write(() => q.retry.run(error.slice(0, 500), id)),
    failed: (ids, error) => void sql.write(() => ids.forEach((id) => q.failed.run(error.slice(0, 500), now(), id))),
    prune,
    countsByLane: () => {
      const out: Record<string, Record<string, number>> = {};
      for (const r of q.countsByLane.all() as { lane: string; state: string; n: number }[]) (out[r.lane] ??= {})[r.state] = r.n;
      return out;
    },
    deadLetters: (limit = 1000) =>
      (q.dead.all(limit) as Record<string, unknown>[]).map((r) => ({ ...toRow(r), error: (r.error as string | null) ?? '', failedAt: (r.done_at as number | null) ?? 0 })),
    revive: (which) =>
      sql.write(() => {
        const rows = selected(which);
        for (const r of rows) q.revive.run(r.id);
        return rows.map((r) => ({ ...r, attempts: 0, batch: undefined }));
      }),
    drop: (which) => sql.write(() => selected(which).reduce((n, r) => n + q.drop.run(r.id).changes, 0)),
    counts: () => Object.fromEntries((q.counts.all() as { state: string; n: number }[]).map((r) => [r.state, r.n])),
    committed: () => sql.committed(),
  };
}
