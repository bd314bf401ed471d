// Scheduled jobs' state in the state database (tables: ./schema.ts): every job (from the config, from chat, built in),
// whether it is paused, its last run and result; and the failures the status report lists.
import type { SqliteAccess } from '../state/database.js';

export type JobOrigin = 'config' | 'chat' | 'builtin';

export interface JobRow {
  name: string;
  origin: JobOrigin;
  cron: string;
  tz?: string;
  command: string;
  channel?: string;
  paused: boolean;
  addedBy?: string;
  /** The command's verb, as checked when the job was added (chat jobs). */
  verb?: string;
  /** Declared (by an admin, confirmed) to run a destructive command. */
  destructive?: boolean;
  createdAt: number;
  lastDueAt?: number;
  lastRunAt?: number;
  lastOk?: boolean;
  lastResult?: string;
}

export interface ScheduleStore {
  all(): JobRow[];
  get(name: string): JobRow | undefined;
  /** Insert, or update the definition (keeping the run history) of a job. */
  upsert(j: Pick<JobRow, 'name' | 'origin' | 'cron' | 'command'> & { tz?: string; channel?: string; addedBy?: string; verb?: string; destructive?: boolean }): void;
  remove(name: string): boolean;
  setPaused(name: string, paused: boolean): boolean;
  started(name: string, dueAt: number, at: number): void;
  finished(name: string, ok: boolean, result: string, at: number): void;
  failuresSince(at: number): { job: string; at: number; error: string }[];
}

export function openScheduleStore(sql: SqliteAccess, now: () => number): ScheduleStore {
  const db = sql.db;
  const q = {
    all: db.prepare(`SELECT * FROM schedule_job ORDER BY name`),
    get: db.prepare(`SELECT * FROM schedule_job WHERE name = ?`),
    upsert: db.prepare(
      `INSERT INTO schedule_job (name, origin, cron, tz, command, channel, added_by, verb, destructive, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET origin = excluded.origin, cron = excluded.cron, tz = excluded.tz, command = excluded.command,
         channel = excluded.channel, added_by = COALESCE(excluded.added_by, added_by), verb = excluded.verb, destructive = excluded.destructive`,
    ),
    remove: db.prepare(`DELETE FROM schedule_job WHERE name = ?`),
    paused: db.prepare(`UPDATE schedule_job SET paused = ? WHERE name = ?`),
    started: db.prepare(`UPDATE schedule_job SET last_due_at = ?, last_run_at = ? WHERE name = ?`),
    finished: db.prepare(`UPDATE schedule_job SET last_ok = ?, last_result = ? WHERE name = ?`),
    fail: db.prepare(`INSERT INTO schedule_failure (job, at, error) VALUES (?, ?, ?)`),
    failures: db.prepare(`SELECT job, at, error FROM schedule_failure WHERE at > ? ORDER BY at`),
  };
  const toRow = (r: Record<string, unknown> | undefined): JobRow | undefined =>
    r && {
      name: r.name as string,
      origin: r.origin as JobOrigin,
      cron: r.cron as string,
      ...(r.tz ? { tz: r.tz as string } : {}),
      command: r.command as string,
      ...(r.channel ? { channel: r.channel as string } : {}),
      paused: r.paused === 1,
      ...(r.added_by ? { addedBy: r.added_by as string } : {}),
      ...(r.verb ? { verb: r.verb as string } : {}),
      destructive: r.destructive === 1,
      createdAt: r.created_at as number,
      ...(r.last_due_at != null ? { lastDueAt: r.last_due_at as number } : {}),
      ...(r.last_run_at != null ? { lastRunAt: r.last_run_at as number } : {}),
      ...(r.last_ok != null ? { lastOk: r.last_ok === 1 } : {}),
      ...(r.last_result != null ? { lastResult: r.last_result as string } : {}),
    };
  return {
    all: () => (q.all.all() as Record<string, unknown>[]).map((r) => toRow(r)!),
    get: (name) => toRow(q.get.get(name) as Record<string, unknown> | undefined),
    upsert: (j) => void sql.write(() => q.upsert.run(j.name, j.origin, j.cron, j.tz ?? null, j.command, j.channel ?? null, j.addedBy ?? null, j.verb ?? null, j.destructive ? 1 : 0, now())),
    remove: (name) => sql.write(() => q.remove.run(name).changes === 1),
    setPaused: (name, paused) => sql.write(() => q.paused.run(paused ? 1 : 0, name).changes === 1),
    started: (name, dueAt, at) => void sql.write(() => q.started.run(dueAt, at, name)),
    finished: (name, ok, result, at) =>
      void sql.write(() => {
        q.finished.run(ok ? 1 : 0, result.slice(0, 500), name);
        if (!ok) q.fail.run(name, at, result.slice(0, 500));
      }),
    failuresSince: (at) => q.failures.all(at) as { job: string; at: number; error: string }[],
  };
}
