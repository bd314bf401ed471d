// The embedded database's schema, as an ordered list of forward migrations. `PRAGMA user_version` holds the
// version a database is at (its migrations applied so far); the schema_migrations table records when each
// was applied and by which Summoner version. A database newer than this code is refused before anything is
// written: an older build must never run on state it does not understand (a downgrade would corrupt it).
//
// To change the schema, APPEND a migration (never edit or reorder one that shipped): later issues add their
// tables this way (outbox, schedules, certificates, backup manifests).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { SummonerError } from '../errors.js';

export interface Migration {
  /** What it does, in a few words (kept in schema_migrations). */
  name: string;
  /** SQL to run, or a function for what SQL alone cannot do. Runs in one transaction with the version bump. */
  up: string | ((db: Database.Database) => void);
}

export const MIGRATIONS: readonly Migration[] = [
  {
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
    name: 'schema history: when each migration ran, and which Summoner ran it',
    up: `CREATE TABLE schema_migrations (
       version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL, by_version TEXT NOT NULL);`,
  },
  {
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
    name: 'schedules: jobs (config, chat, built in) with their last run, and failures',
    up: `CREATE TABLE schedule_job (
       name TEXT PRIMARY KEY, origin TEXT NOT NULL, cron TEXT NOT NULL, tz TEXT, command TEXT NOT NULL, channel TEXT,
       paused INTEGER NOT NULL DEFAULT 0, added_by TEXT, created_at INTEGER NOT NULL,
       last_due_at INTEGER, last_run_at INTEGER, last_ok INTEGER, last_result TEXT);
     CREATE TABLE schedule_failure (id INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL, at INTEGER NOT NULL, error TEXT NOT NULL);`,
  },
  {
    name: 'schedules: the verb a job was checked for, and its destructive declaration',
    up: `ALTER TABLE schedule_job ADD COLUMN verb TEXT;
     ALTER TABLE schedule_job ADD COLUMN destructive INTEGER NOT NULL DEFAULT 0;`,
  },
];

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * The schema version of a database file, read from its header (the user version is the 4 bytes at offset 60),
 * not through SQLite: even a read-only connection leaves -wal and -shm files behind on a WAL database.
 * 0 when there is no file yet. (After a crash the newest version may still sit in the WAL: migrate() checks again.)
 */
export function schemaVersionOf(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  try {
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, 64, 0);
    if (n === 0) return 0; // created but never written
    if (n < 64 || head.toString('latin1', 0, 16) !== 'SQLite format 3\0') {
      throw new SummonerError('state.not_a_database', `${file} is not an SQLite database`);
    }
    return head.readUInt32BE(60);
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuse a database written by a newer Summoner; call before opening it for writing. */
export function assertNotNewer(file: string, known: number = MIGRATIONS.length, codeVersion = '?'): number {
  const at = schemaVersionOf(file);
  if (at > known) {
    throw new SummonerError(
      'state.schema_newer',
      `the state database ${file} is at schema version ${at}, but this Summoner (${codeVersion}) knows versions up to ${known}: ` +
        'it was written by a newer Summoner. Refusing to start, so that nothing is changed.',
      { hint: 'run the newer Summoner again; to go back to this version, restore a backup of the state made before the upgrade' },
    );
  }
  return at;
}

/** Bring a database forward to the newest schema this code knows, one transaction per migration. */
export function migrate(db: Database.Database, codeVersion: string, list: readonly Migration[] = MIGRATIONS, now = Date.now): MigrationResult {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > list.length) {
    // assertNotNewer normally stops this earlier, before the file is opened for writing
    throw new SummonerError('state.schema_newer', `the state database is at schema version ${from}, newer than this Summoner (${codeVersion}, ${list.length})`);
  }
  const applied: string[] = [];
  for (let v = from; v < list.length; v++) {
    const m = list[v]!;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${v + 1}`);
      // the history table exists from migration 2 on; earlier steps are recorded once it does
      if (hasTable(db, 'schema_migrations')) {
        const ins = db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name, applied_at, by_version) VALUES (?, ?, ?, ?)');
        for (let w = 0; w <= v; w++) ins.run(w + 1, list[w]!.name, now(), codeVersion);
      }
    })();
    applied.push(m.name);
  }
  return { from, to: list.length, applied };
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}
