// The scheduler's own tables in the state database: jobs with their last run, and failures.
// Versions are their place in the one order (src/state/migrations.ts schemaOf).
import type { Migration } from '../state/migrations.js';

export const SCHEDULE_MIGRATIONS: readonly Migration[] = [
  {
    version: 4,
    name: 'schedules: jobs (config, chat, built in) with their last run, and failures',
    up: `CREATE TABLE schedule_job (
       name TEXT PRIMARY KEY, origin TEXT NOT NULL, cron TEXT NOT NULL, tz TEXT, command TEXT NOT NULL, channel TEXT,
       paused INTEGER NOT NULL DEFAULT 0, added_by TEXT, created_at INTEGER NOT NULL,
       last_due_at INTEGER, last_run_at INTEGER, last_ok INTEGER, last_result TEXT);
     CREATE TABLE schedule_failure (id INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, at INTEGER NOT NULL, error TEXT NOT NULL);`,
  },
  {
    version: 5,
    name: 'schedules: the verb a job was checked for, and its destructive declaration',
    up: `ALTER TABLE schedule_job ADD COLUMN verb TEXT;
     ALTER TABLE schedule_job ADD COLUMN destructive INTEGER NOT NULL DEFAULT 0;`,
  },
];
