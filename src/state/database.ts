// Summoner's state database: one SQLite file `<stateDir>/summoner.db` (0600, WAL), brought forward to the
// schema the modules declared (src/state/migrations.ts), shared by the modules that keep tables in it (the
// robot's audit log, the notification outbox, the schedules) through one connection and one group commit.
import type DatabaseModule from 'better-sqlite3';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { assertNotNewer, migrate, type Migration, type MigrationResult } from './migrations.js';

// required, not imported: Node's ESM loader would scan the package's CommonJS sources for exports first
// (~10 ms of the start here)
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof DatabaseModule;


export interface SqliteAccess {
  readonly db: DatabaseModule.Database;
  /** Runs `fn` inside the current group transaction (committed at the end of this event-loop turn). */
  write<T>(fn: () => T): T;
  /** Resolves once everything written so far is committed (at once when nothing is pending). */
  committed(): Promise<void>;
}

export interface StateDatabase {
  sqlite: SqliteAccess;
  /** Where the schema was when opened and what was applied. */
  schema: MigrationResult;
  /** Commits what is pending, then closes the connection. */
  close(): void;
}

export function openStateDatabase(stateDir: string, o: { migrations: readonly Migration[]; version: string; now?: () => number }): StateDatabase {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, 'summoner.db');
  // A database from a newer Summoner is refused before it is opened for writing: nothing of it changes.
  assertNotNewer(file, o.migrations.length, o.version);
  const db = new Database(file);
  fs.chmodSync(file, 0o600);
  // NORMAL before the switch to WAL: on a new file the switch then skips the rollback journal's full sync
  // (12-25 ms of a first start here, 2-7 without it); the mode it ends in is the same, and a file already
  // in WAL (every later start) does not switch again
  db.pragma('synchronous = NORMAL');
  db.pragma('journal_mode = WAL');
  // Checkpoints copy the WAL into the database and sync it, on this (the event loop's) thread: under a webhook
  // burst, turning them off nearly halved the wall time of an accepted event (in process, loaded machine).
  // Every 8000 pages (32 MB) instead of 1000 copies each hot page once per eight times as many commits (a
  // fifth less wall time there); the file is cut back to 64 MB after a checkpoint.
  db.pragma('wal_autocheckpoint = 8000');
  db.pragma('journal_size_limit = 67108864');
  db.pragma('busy_timeout = 5000');
  // A savepoint (and a statement that may fail half-way) keeps a copy of each page it changes, in a temporary
  // file once past 64 kB: under a webhook burst that file took more writes than the database. In memory, a
  // batch's copies are a few hundred kB at most.
  db.pragma('temp_store = MEMORY');
  const schema = migrate(db, o.version, o.migrations, o.now);

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
    sqlite: {
      db,
      write,
      committed: () => (open ? new Promise<void>((resolve, reject) => waiters.push((err) => (err ? reject(err) : resolve()))) : Promise.resolve()),
    },
    schema,
    close: () => {
      commit();
      db.close();
    },
  };
}
