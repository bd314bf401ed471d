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
  {
    // Under a burst each commit wrote a random page of the dedupe index per key (delivery ids and body hashes
    // are random) and a page of the lane index per lane, finished rows included: most of what an accepted
    // event cost. The keys become an append-only log, read into memory at start (the store checks them
    // there); the lane index keeps only what is still owed.
    version: 6,
    name: 'notify: dedupe keys as an append-only log, the lane index of pending entries only',
    up: `CREATE TABLE notify_seen (key TEXT NOT NULL, at INTEGER NOT NULL);
     INSERT INTO notify_seen (key, at) SELECT dedupe, at FROM notify_event ORDER BY at;
     DROP TABLE notify_event;
     DROP INDEX notify_outbox_lane;
     CREATE INDEX notify_outbox_pending ON notify_outbox (lane, id) WHERE state = 'pending';`,
  },
];
