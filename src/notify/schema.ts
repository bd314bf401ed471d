// The notification center's own tables in the state database: accepted delivery ids and the outbox.
// Versions are their place in the one order (src/state/migrations.ts schemaOf).
import type { Migration } from '../state/migrations.js';

export const NOTIFY_MIGRATIONS: readonly Migration[] = [
  {
    version: 3,
    name: 'notify: accepted delivery ids and the outbox of owed actions',
    up: `CREATE TABLE notify_event (dedupe TEXT PRIMARY KEY, at INTEGER NOT NULL);
     CREATE TABLE notify_outbox (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       lane TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL, recipe TEXT NOT NULL,
       accepted_at INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
       attempts INTEGER NOT NULL DEFAULT 0, error TEXT, done_at INTEGER,
       batch INTEGER);
     CREATE INDEX notify_outbox_lane ON notify_outbox (lane, state, id);`,
  },
];
