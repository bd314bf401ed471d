// `backup summoner` / `restore summoner`: Summoner's own state (the one folder stateDir: its database, the
// apps' generated secrets, deploy journals, certificates) kept beside the apps' backups, under
// `<backupRoot>/summoner/`, one folder per snapshot (snapshot.ts takes it consistently while the bot runs).
//
// A restore replaces the database under the running bot, so it is never done in place: the confirmed command
// checks the snapshot and leaves a marker; the bot stops, puts the snapshot back (what stateDir held is kept
// beside it) and starts again on it (exit code 75: the restart policy starts it, as after a deaf exit).
// Nothing here needs the Docker engine: it works the same on one host and on a Swarm manager.
import type Database from 'better-sqlite3';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError } from '../errors.js';
import { schemaVersionOf } from './migrations.js';
import { restoreState, snapshotState, STATE_MANIFEST, type StateManifest } from './snapshot.js';

/** The marker a confirmed `restore summoner` leaves in stateDir; the next stop or start acts on it. */
export const RESTORE_MARKER = 'restore-pending.json';
/** How many state backups are kept: the oldest beyond go once a newer one is written and checked. */
export const KEEP_STATE_BACKUPS = 30;
const PREFIX = 'summoner-state-';

export interface StateBackup {
  /** Its folder's name (what `restore summoner <name>` takes). */
  name: string;
  dir: string;
  manifest: StateManifest;
  bytes: number;
}

export interface StateBackups {
  /** A consistent snapshot, checked (every file there, SQLite's integrity check) before it counts. */
  take(): Promise<StateBackup & { ms: number; pruned: number }>;
  /** Oldest first. */
  list(): Promise<StateBackup[]>;
  /** `latest` (or nothing), a date/time prefix of its creation (UTC), or its folder's name. */
  choose(when?: string): Promise<StateBackup>;
  /** Checks it as `take` does, and that this code knows its schema; then leaves the marker. */
  schedule(b: StateBackup, by: string): Promise<void>;
}

interface Marker {
  snapshot: string;
  by: string;
  at: string;
}

export function createStateBackups(o: {
  stateDir: string;
  backupRoot: string;
  /** The apps' roots (data, databases, backups): inside stateDir by default, never part of its snapshot. */
  roots: readonly string[];
  db: Database.Database;
  version: string;
  known: number;
  now?: () => number;
}): StateBackups {
  const root = path.join(path.resolve(o.backupRoot), 'summoner');
  const now = o.now ?? Date.now;

  async function read(name: string): Promise<StateBackup | undefined> {
    const dir = path.join(root, name);
    const manifest = await fs.readFile(path.join(dir, STATE_MANIFEST), 'utf8').then((t) => JSON.parse(t) as StateManifest, () => undefined);
    if (manifest?.kind !== 'summoner-state' || !Array.isArray(manifest.files)) return undefined;
    let bytes = 0;
    for (const f of manifest.files) bytes += await fs.stat(inside(dir, f)).then((s) => s.size, () => 0);
    return { name, dir, manifest, bytes };
  }

  async function list(): Promise<StateBackup[]> {
    const names = await fs.readdir(root).catch(() => [] as string[]);
    const out: StateBackup[] = [];
    for (const n of names.filter((n) => n.startsWith(PREFIX)).sort()) {
      const b = await read(n);
      if (b) out.push(b);
    }
    return out.sort((a, b) => a.manifest.createdAt.localeCompare(b.manifest.createdAt));
  }

  return {
    list,
    async take() {
      const t0 = now();
      const stamp = new Date(t0).toISOString().replace(/[-:]|\.\d+/g, '');
      await fs.mkdir(root, { recursive: true, mode: 0o700 });
      let name = `${PREFIX}${stamp}`;
      for (let i = 2; await exists(path.join(root, name)); i++) name = `${PREFIX}${stamp}-${i}`;
      const dir = path.join(root, name);
      try {
        await snapshotState({ stateDir: o.stateDir, db: o.db, dest: dir, version: o.version, now: new Date(t0), exclude: o.roots });
        await check(dir, o.known);
      } catch (err) {
        await fs.rm(dir, { recursive: true, force: true });
        throw err;
      }
      const b = (await read(name))!;
      // the oldest go only now, once the new one is written and checked
      const all = await list();
      const old = all.slice(0, Math.max(0, all.length - KEEP_STATE_BACKUPS));
      for (const x of old) await fs.rm(x.dir, { recursive: true, force: true });
      return { ...b, ms: now() - t0, pruned: old.length };
    },
    async choose(when) {
      const all = await list();
      if (!all.length) throw new SummonerError('backup.none', 'Summoner has no backup of its own state yet', { hint: '`backup summoner` takes one' });
      const w = when?.trim();
      const pick = !w || w === 'latest' ? all.at(-1) : (all.find((b) => b.name === w) ?? all.filter((b) => b.manifest.createdAt.startsWith(w)).at(-1));
      if (pick) return pick;
      const days = [...new Set(all.map((b) => b.manifest.createdAt.slice(0, 10)))].reverse();
      throw new SummonerError('backup.none', `no backup of Summoner's state matches ${w}`, { hint: `there are backups from: ${days.slice(0, 10).join(', ')}` });
    },
    async schedule(b, by) {
      await check(b.dir, o.known);
      const marker: Marker = { snapshot: b.dir, by, at: new Date(now()).toISOString() };
      const file = path.join(o.stateDir, RESTORE_MARKER);
      await fs.writeFile(`${file}.tmp`, `${JSON.stringify(marker)}\n`, { mode: 0o600 });
      await fs.rename(`${file}.tmp`, file);
    },
  };
}

/**
 * Run with the bot stopped (before its store opens, or after it closed): puts back the snapshot a confirmed
 * `restore summoner` named. The snapshot must lie under `<backupRoot>/summoner/` and pass its checks again;
 * otherwise nothing changes and the failure is returned, to be said in chat. The marker never survives: a
 * restore is tried once.
 */
export async function applyPendingRestore(o: { stateDir: string; backupRoot: string; roots: readonly string[]; known: number; now?: Date }): Promise<{ ok: true; snapshot: string; createdAt: string; keptIn: string; by: string; warning?: string } | { ok: false; snapshot: string; error: string } | undefined> {
  const file = path.join(o.stateDir, RESTORE_MARKER);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let snapshot = '?';
  try {
    const m = JSON.parse(text) as Partial<Marker>;
    snapshot = String(m.snapshot ?? '?');
    const root = path.join(path.resolve(o.backupRoot), 'summoner');
    const real = await fs.realpath(snapshot).catch(() => snapshot);
    if (path.dirname(real) !== (await fs.realpath(root).catch(() => root)) || !path.basename(real).startsWith(PREFIX)) {
      throw new SummonerError('state.not_a_snapshot', `${snapshot} is not a state backup under ${root}`);
    }
    await check(real, o.known);
    const manifest = JSON.parse(await fs.readFile(path.join(real, STATE_MANIFEST), 'utf8')) as StateManifest;
    await fs.rm(file); // before the swap: the marker must not travel into the kept folder and be acted on again
    const { keptIn } = await restoreState({ snapshot: real, stateDir: o.stateDir, known: o.known, keep: topLevelIn(o.stateDir, o.roots), ...(o.now ? { now: o.now } : {}) });
    // the swap is done: from here a failure is said beside the success, never as "nothing was changed"
    const warning = await carryDelivered(path.join(o.stateDir, DB_FILE), path.join(keptIn, DB_FILE)).then(() => undefined, (err: unknown) => (err as Error).message);
    return { ok: true, snapshot: path.basename(real), createdAt: manifest.createdAt, keptIn, by: String(m.by ?? '?'), ...(warning ? { warning } : {}) };
  } catch (err) {
    await fs.rm(file, { force: true });
    return { ok: false, snapshot: path.basename(snapshot), error: (err as Error).message };
  }
}

export type RestoreOutcome = NonNullable<Awaited<ReturnType<typeof applyPendingRestore>>>;

/** What a start (or the shell) says once a pending restore was acted on. */
export function restoreOutcomeText(r: RestoreOutcome): string {
  return r.ok
    ? `:white_check_mark: Summoner's state was restored from ${r.snapshot} (taken ${r.createdAt.slice(0, 19).replace('T', ' ')} UTC), as ${r.by} confirmed. What it held before is kept in ${r.keptIn}.` +
        (r.warning ? ` :warning: What was already delivered since the snapshot could not be carried over (${r.warning}): messages sent since then may be answered again.` : '')
    : `:x: Summoner's state was NOT restored from ${r.snapshot}: ${r.error}. Summoner runs on the state it had; nothing was changed.`;
}

const DB_FILE = 'summoner.db';

/**
 * What was already delivered is not undone by a restore: the ids of the messages handled (the `seen` table of
 * src/robot/schema.ts) and the key/value bookkeeping (`kv`: each channel's last post read, the last report, the
 * alarms said) of the state put aside are carried into the restored database, theirs winning. Without this the
 * next start's catch-up read every post since the snapshot again and ran each again, the confirmed
 * `restore summoner` included (test/docker-state-restore.test.ts).
 */
async function carryDelivered(restoredDb: string, keptDb: string): Promise<void> {
  if (!(await exists(keptDb))) return;
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(restoredDb, { fileMustExist: true });
  try {
    db.prepare('ATTACH DATABASE ? AS kept').run(keptDb);
    db.transaction(() => {
      db.exec('INSERT OR IGNORE INTO main.seen (message_id, at) SELECT message_id, at FROM kept.seen');
      // `WHERE true`: SQLite's upsert after a SELECT needs it to parse ON CONFLICT
      db.exec('INSERT INTO main.kv (key, value) SELECT key, value FROM kept.kv WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    })();
    db.exec('DETACH DATABASE kept');
  } finally {
    db.close();
  }
}

/** The entries of stateDir that hold an app root (the root itself, or the folder it lies in): never moved aside. */
function topLevelIn(stateDir: string, roots: readonly string[]): string[] {
  const base = path.resolve(stateDir);
  return roots
    .map((r) => path.relative(base, path.resolve(r)))
    .filter((rel) => rel && !rel.startsWith('..') && !path.isAbsolute(rel))
    .map((rel) => path.join(base, rel.split(path.sep)[0]!));
}

/** Every file the manifest names is there, the database passes SQLite's integrity check, and its schema is known. */
async function check(dir: string, known: number): Promise<void> {
  const manifest = JSON.parse(await fs.readFile(path.join(dir, STATE_MANIFEST), 'utf8')) as StateManifest;
  if (manifest.kind !== 'summoner-state') throw new SummonerError('state.not_a_snapshot', `${path.basename(dir)} is not a snapshot of Summoner's state`);
  const missing: string[] = [];
  for (const f of manifest.files) if (!(await exists(inside(dir, f)))) missing.push(f);
  if (missing.length) throw new SummonerError('state.snapshot_damaged', `${path.basename(dir)} lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  const dbFile = path.join(dir, DB_FILE);
  const at = schemaVersionOf(dbFile);
  if (at > known) throw new SummonerError('state.schema_newer', `${path.basename(dir)} is at schema version ${at}, newer than this Summoner knows (${known}): restore it with Summoner ${manifest.summonerVersion} or newer`);
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(dbFile, { readonly: true, fileMustExist: true });
  try {
    const r = db.pragma('integrity_check') as { integrity_check: string }[];
    if (r[0]?.integrity_check !== 'ok') throw new SummonerError('state.snapshot_damaged', `${path.basename(dir)}: its database fails SQLite's integrity check (${r.map((x) => x.integrity_check).slice(0, 3).join('; ')})`);
  } finally {
    db.close();
  }
}

/** A manifest's relative path, kept inside its snapshot folder (a hostile manifest cannot name ../../etc). */
function inside(dir: string, rel: string): string {
  const p = path.resolve(dir, rel);
  if (!p.startsWith(`${dir}${path.sep}`)) throw new SummonerError('state.not_a_snapshot', `${JSON.stringify(rel)} lies outside the snapshot`);
  return p;
}

const exists = (p: string) => fs.access(p).then(() => true, () => false);
