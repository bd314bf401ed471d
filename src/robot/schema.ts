// The robot's own tables in the state database (audit log, handled message ids, proposals, kv) and the schema
// history table. Versions are their place in the one order (src/state/migrations.ts schemaOf).
import type { Migration } from '../state/migrations.js';

export const ROBOT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'robot: audit, seen messages, proposals, kv',
    up: `CREATE TABLE audit (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       at INTEGER NOT NULL,
       user_id TEXT NOT NULL, user_name TEXT NOT NULL, channel_id TEXT NOT NULL, source TEXT NOT NULL,
       message_id TEXT NOT NULL, text TEXT NOT NULL,
       command TEXT, args TEXT, outcome TEXT NOT NULL DEFAULT 'running', code TEXT, duration_ms INTEGER);
     CREATE TABLE seen (message_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
     CREATE TABLE proposal (
       id TEXT PRIMARY KEY, audit_id INTEGER NOT NULL, user_id TEXT NOT NULL, channel_id TEXT NOT NULL,
       thread_id TEXT, message_id TEXT NOT NULL, canonical TEXT NOT NULL, expires_at INTEGER NOT NULL,
       state TEXT NOT NULL DEFAULT 'pending');
     CREATE INDEX proposal_pending ON proposal (user_id, channel_id, state);
     CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
  {
    version: 2,
    name: 'schema history: when each migration ran, and which Summoner ran it',
    up: `CREATE TABLE schema_migrations (
       version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL, by_version TEXT NOT NULL);`,
  },
];
