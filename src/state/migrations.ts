// The embedded database's schema, as an ordered list of forward migrations. `PRAGMA user_version` holds the
// version a database is at (its migrations applied so far); the schema_migrations table records when each
// was applied and by which Summoner version. A database newer than this code is refused before anything is
// written: an older build must never run on state it does not understand (a downgrade would corrupt it).
//
// Each module declares its own tables as migrations with the version they take (src/robot/schema.ts,
// src/notify/schema.ts, src/schedule/schema.ts); the composition root lists the modules (src/schema.ts) and
// schemaOf puts them in the one order of versions. To change the schema, add a migration with the next
// version (never edit or renumber one that shipped).
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { SummonerError } from '../errors.js';

export interface Migration {
  /** Its place in the one order (1, 2, …): the `user_version` a database is at once it ran. */
  version: number;
  /** What it does, in a few words (kept in schema_migrations). */
  name: string;
  /** SQL to run, or a function for what SQL alone cannot do. Runs in one transaction with the version bump. */
  up: string | ((db: Database.Database) => void);
}

/**
 * Every module's migrations in the one order of their versions. Two modules claiming one version, or a gap,
 * is a programming error caught at start (and by the unit tests), before any database is touched.
 */
export function schemaOf(...parts: (readonly Migration[])[]): Migration[] {
  const all = parts.flat().sort((x, y) => x.version - y.version);
  all.forEach((m, i) => {
    if (m.version !== i + 1) {
      const twice = all.filter((o) => o.version === m.version).map((o) => o.name);
      throw new Error(twice.length > 1 ? `schema version ${m.version} is claimed twice: ${twice.join('; ')}` : `schema version ${i + 1} is missing (next is ${m.version}: ${m.name})`);
    }
  });
  return all;
}

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
export function assertNotNewer(file: string, known: number, codeVersion = '?'): number {
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
export function migrate(db: Database.Database, codeVersion: string, list: readonly Migration[], now = Date.now): MigrationResult {
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
