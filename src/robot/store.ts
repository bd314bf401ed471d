// The robot's durable state in one embedded SQLite database: the audit log, pending confirmations,
// the ids of handled messages (idempotency) and a small key/value table for adapters (last seen post per channel).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry, AuditOutcome } from './types.js';
import { assertNotNewer, migrate, MIGRATIONS, type Migration } from './migrations.js';
import { readVersion } from '../version.js';

export interface AuditStart {
  userId: string;
  userName: string;
  channelId: string;
  source: string;
  messageId: string;
  text: string;
}

export interface AuditFinish {
  command?: string | null;
  args?: unknown;
  outcome: AuditOutcome;
  code?: string | null;
  durationMs?: number;
}

export interface Proposal {
  id: string;
  auditId: number;
  userId: string;
  channelId: string;
  threadId: string | null;
  messageId: string;
  canonical: string;
  expiresAt: number;
  state: 'pending' | 'confirmed' | 'declined' | 'expired';
}

export interface Store {
  startAudit(a: AuditStart): number;
  finishAudit(id: number, f: AuditFinish): void;
  history(limit: number): AuditEntry[];
  /** Marks a message id as handled. Returns false when it already was (a replay or duplicate). */
  claim(messageId: string): boolean;
  seen(messageId: string): boolean;
  addProposal(p: Omit<Proposal, 'state'>): void;
  proposal(id: string): Proposal | undefined;
  /** The newest pending proposal of a user in a channel and thread (null: no thread, as in the shell). */
  pendingFor(userId: string, channelId: string, threadId: string | null): Proposal | undefined;
  /** Moves a pending proposal to a final state; false if it was not pending (already answered or expired). */
  settle(id: string, state: Proposal['state']): boolean;
  kv: { get(key: string): string | undefined; set(key: string, value: string): void };
  /** The schema version the database is at (and was at when opened), for status and logs. */
  schema: { version: number; openedAt: number; applied: string[] };
  /** The underlying connection, for modules that keep their own tables in this file (their migrations live in src/robot/migrations.ts). */
  db: Database.Database;
  /** The database for modules that keep their own tables here (notify outbox, schedules), and its group commit. */
  sqlite: SqliteAccess;
  close(): void;
}

export interface StoreOptions {
  /** This Summoner's version, recorded with each schema migration it applies. */
  version?: string;
  /** The migrations to apply (tests; default: all of src/robot/migrations.ts). */
  migrations?: readonly Migration[];
}

export interface SqliteAccess {
  readonly db: Database.Database;
  /** Runs `fn` inside the current group transaction (committed at the end of this event-loop turn). */
  write<T>(fn: () => T): T;
  /** Resolves once everything written so far is committed (at once when nothing is pending). */
  committed(): Promise<void>;
}


export function openStore(stateDir: string, now: () => number = Date.now, o: StoreOptions = {}): Store {
  const list = o.migrations ?? MIGRATIONS;
  const codeVersion = o.version ?? readVersion();
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, 'summoner.db');
  // A database from a newer Summoner is refused before it is opened for writing: nothing of it changes.
  assertNotNewer(file, list.length, codeVersion);
  const db = new Database(file);
  fs.chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoints copy the WAL into the database and sync it, on this (the event loop's) thread: under a webhook
  // burst, turning them off nearly halved the wall time of an accepted event (in process, loaded machine).
  // Every 8000 pages (32 MB) instead of 1000 copies each hot page once per eight times as many commits (a
  // fifth less wall time there); the file is cut back to 64 MB after a checkpoint.
  db.pragma('wal_autocheckpoint = 8000');
  db.pragma('journal_size_limit = 67108864');
  db.pragma('busy_timeout = 5000');
  const schema = migrate(db, codeVersion, list, now);

  const q = {
    start: db.prepare(
      `INSERT INTO audit (at, user_id, user_name, channel_id, source, message_id, text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    finish: db.prepare(`UPDATE audit SET command = ?, args = ?, outcome = ?, code = ?, duration_ms = ? WHERE id = ?`),
    history: db.prepare(`SELECT * FROM audit ORDER BY id DESC LIMIT ?`),
    claim: db.prepare(`INSERT OR IGNORE INTO seen (message_id, at) VALUES (?, ?)`),
    seen: db.prepare(`SELECT 1 FROM seen WHERE message_id = ?`),
    pruneSeen: db.prepare(`DELETE FROM seen WHERE at < ?`),
    addProposal: db.prepare(
      `INSERT INTO proposal (id, audit_id, user_id, channel_id, thread_id, message_id, canonical, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    proposal: db.prepare(`SELECT * FROM proposal WHERE id = ?`),
    pendingFor: db.prepare(
      `SELECT * FROM proposal WHERE user_id = ? AND channel_id = ? AND thread_id IS ? AND state = 'pending' ORDER BY rowid DESC LIMIT 1`,
    ),
    settle: db.prepare(`UPDATE proposal SET state = ? WHERE id = ? AND state = 'pending'`),
    kvGet: db.prepare(`SELECT value FROM kv WHERE key = ?`),
    kvSet: db.prepare(`INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
  };
  // Handled ids are kept for a week: far longer than any replay or catch-up window.
  q.pruneSeen.run(now() - 7 * 24 * 3600 * 1000);

  // Group commit: a command costs four or five writes (claim, audit start and end, channel cursor); each in
  // its own transaction was a tenth of the bot's CPU under load. Writes join one transaction committed at
  // the end of the current event-loop turn; reads on this connection see them at once. A crash loses at
  // most that turn's writes (nothing of it has been answered yet: replies leave in later turns).
  let open = false;
  let waiters: ((err?: unknown) => void)[] = [];
  const commit = () => {
    if (!open) return;
    open = false;
    const w = waiters;
    waiters = [];
    try {
      db.exec('COMMIT');
    } catch (err) {
      // Whoever waits for durability must hear it did not happen (disk full, say), then it propagates as before.
      for (const f of w) f(err);
      throw err;
    }
    for (const f of w) f();
  };
  const write = <T>(fn: () => T): T => {
    if (!open) {
      db.exec('BEGIN');
      open = true;
      setImmediate(commit);
    }
    return fn();
  };

  return {
    startAudit: (a) =>
      write(() => Number(q.start.run(now(), a.userId, a.userName, a.channelId, a.source, a.messageId, a.text).lastInsertRowid)),
    finishAudit(id, f) {
      write(() =>
        q.finish.run(f.command ?? null, f.args === undefined ? null : JSON.stringify(f.args), f.outcome, f.code ?? null, f.durationMs ?? null, id),
      );
    },
    history: (limit) =>
      (q.history.all(limit) as Record<string, unknown>[]).map((r) => ({
        id: r.id as number,
        at: r.at as number,
        userId: r.user_id as string,
        userName: r.user_name as string,
        channelId: r.channel_id as string,
        source: r.source as string,
        text: r.text as string,
        command: r.command as string | null,
        args: r.args as string | null,
        outcome: r.outcome as string,
        code: r.code as string | null,
        durationMs: r.duration_ms as number | null,
      })),
    claim: (id) => write(() => q.claim.run(id, now()).changes === 1),
    seen: (id) => q.seen.get(id) !== undefined,
    addProposal(p) {
      write(() => q.addProposal.run(p.id, p.auditId, p.userId, p.channelId, p.threadId, p.messageId, p.canonical, p.expiresAt));
    },
    proposal: (id) => toProposal(q.proposal.get(id)),
    pendingFor: (userId, channelId, threadId) => toProposal(q.pendingFor.get(userId, channelId, threadId)),
    settle: (id, state) => write(() => q.settle.run(state, id).changes === 1),
    kv: {
      get: (key) => (q.kvGet.get(key) as { value: string } | undefined)?.value,
      set: (key, value) => void write(() => q.kvSet.run(key, value)),
    },
    schema: { version: schema.to, openedAt: schema.from, applied: schema.applied },
    db,
    sqlite: {
      db,
      write,
      committed: () => (open ? new Promise<void>((resolve, reject) => waiters.push((err) => (err ? reject(err) : resolve()))) : Promise.resolve()),
    },
    close: () => {
      commit();
      db.close();
    },
  };
}

function toProposal(row: unknown): Proposal | undefined {
  if (!row) return undefined;
  const r = row as Record<string, unknown>;
  return {
    id: r.id as string,
    auditId: r.audit_id as number,
    userId: r.user_id as string,
    channelId: r.channel_id as string,
    threadId: (r.thread_id as string | null) ?? null,
    messageId: r.message_id as string,
    canonical: r.canonical as string,
    expiresAt: r.expires_at as number,
    state: r.state as Proposal['state'],
  };
}
