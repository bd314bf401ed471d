// The robot's durable state in one embedded SQLite database: the audit log, pending confirmations,
// the ids of handled messages (idempotency) and a small key/value table for adapters (last seen post per channel).
// The database itself (file, WAL, migrations, group commit) is src/state/database.ts; the robot's tables are
// declared in ./schema.ts.
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditOutcome } from './types.js';
import { openStateDatabase, type SqliteAccess } from '../state/database.js';
import type { Migration } from '../state/migrations.js';
import { readVersion } from '../version.js';

export type { SqliteAccess };

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
  /** The newest entries first. `jobTicks: false` leaves out built-in jobs' successful runs (several every five
   *  minutes: they would push people's commands out of sight); their failures stay. */
  history(limit: number, opts?: { jobTicks?: boolean }): AuditEntry[];
  /** How many successful built-in job runs are newer than `afterId` (what `history` says it left out). */
  jobTicksSince(afterId: number): number;
  /** Rows still `running` from a bot that is gone (a crash, a kill, a snapshot taken mid-command) become
   *  `interrupted`; only the bot that owns the file calls it at start, never a one-shot guest beside a live bot. */
  markInterrupted(): number;
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
  /**
   * Forget what is only kept for a while: handled message ids older than a week, and built-in jobs' successful
   * runs older than TICK_DAYS (one every minute on a Swarm: the audit would otherwise grow without end). People's
   * commands and every failed run stay: they are the audit.
   */
  prune(): { seen: number; ticks: number };
  /** The schema version the database is at (and was at when opened), for status and logs. */
  schema: { version: number; openedAt: number; applied: string[] };
  /** The underlying connection, for modules that keep their own tables in this file (each declares its migrations in its schema.ts). */
  db: Database.Database;
  /** The database for modules that keep their own tables here (notify outbox, schedules), and its group commit. */
  sqlite: SqliteAccess;
  close(): void;
}

export interface StoreOptions {
  /** This Summoner's version, recorded with each schema migration it applies. */
  version?: string;
  /** The schema to bring the database to: every module's migrations (src/schema.ts MIGRATIONS), listed by the composition root. */
  migrations: readonly Migration[];
}

/** How long built-in jobs' successful runs stay in the audit (`history` shows them; a month covers any inquiry). */
export const TICK_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

/** A built-in job's successful run, as the scheduler audits it (`(built-in job) <name>`, source `schedule`). */
const BUILTIN_OK = `source = 'schedule' AND text LIKE '(built-in job) %' AND outcome = 'ok'`;

export function openStore(stateDir: string, now: () => number, o: StoreOptions): Store {
  const state = openStateDatabase(stateDir, { migrations: o.migrations, version: o.version ?? readVersion(), now });
  const { db, write } = state.sqlite;
  const schema = state.schema;

  const q = {
    start: db.prepare(
      `INSERT INTO audit (at, user_id, user_name, channel_id, source, message_id, text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    finish: db.prepare(`UPDATE audit SET command = ?, args = ?, outcome = ?, code = ?, duration_ms = ? WHERE id = ?`),
    history: db.prepare(`SELECT * FROM audit ORDER BY id DESC LIMIT ?`),
    // a built-in job's row: source 'schedule' and the text the scheduler writes (no chat message has that source)
    historyPeople: db.prepare(`SELECT * FROM audit WHERE NOT (${BUILTIN_OK}) ORDER BY id DESC LIMIT ?`),
    markInterrupted: db.prepare(`UPDATE audit SET outcome = 'interrupted' WHERE outcome = 'running'`),
    jobTicksSince: db.prepare(`SELECT count(*) AS n FROM audit WHERE id > ? AND ${BUILTIN_OK}`),
    claim: db.prepare(`INSERT OR IGNORE INTO seen (message_id, at) VALUES (?, ?)`),
    seen: db.prepare(`SELECT 1 FROM seen WHERE message_id = ?`),
    pruneSeen: db.prepare(`DELETE FROM seen WHERE at < ?`),
    pruneTicks: db.prepare(`DELETE FROM audit WHERE at < ? AND ${BUILTIN_OK}`),
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
  const prune = () =>
    write(() => ({ seen: q.pruneSeen.run(now() - 7 * DAY_MS).changes, ticks: q.pruneTicks.run(now() - TICK_DAYS * DAY_MS).changes }));
  prune();

  return {
    startAudit: (a) =>
      write(() => Number(q.start.run(now(), a.userId, a.userName, a.channelId, a.source, a.messageId, a.text).lastInsertRowid)),
    finishAudit(id, f) {
      write(() =>
        q.finish.run(f.command ?? null, f.args === undefined ? null : JSON.stringify(f.args), f.outcome, f.code ?? null, f.durationMs ?? null, id),
      );
    },
    markInterrupted: () => write(() => q.markInterrupted.run().changes),
    jobTicksSince: (afterId) => (q.jobTicksSince.get(afterId) as { n: number }).n,
    history: (limit, opts) =>
      ((opts?.jobTicks === false ? q.historyPeople : q.history).all(limit) as Record<string, unknown>[]).map((r) => ({
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
    prune,
    kv: {
      get: (key) => (q.kvGet.get(key) as { value: string } | undefined)?.value,
      set: (key, value) => void write(() => q.kvSet.run(key, value)),
    },
    schema: { version: schema.to, openedAt: schema.from, applied: schema.applied },
    db,
    sqlite: state.sqlite,
    close: state.close,
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
