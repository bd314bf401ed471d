// A consistent copy of Summoner's own state (the one folder `stateDir`, the container's volume), taken while
// it runs: the hook `backup summoner` (issue 5) archives and ships like any minion's data.
//
// summoner.db is copied with SQLite's online backup API (a consistent snapshot, WAL included, while the bot
// keeps writing), everything else (secrets/, the deploy journals, certificates, manifests) file by file with
// its mode. A manifest names the schema version, so a restore can refuse a snapshot newer than its code.
import type Database from 'better-sqlite3';
import fs from 'node:fs/promises';
import path from 'node:path';
import { schemaVersionOf } from './migrations.js';
import { SummonerError } from '../errors.js';

export const STATE_MANIFEST = 'summoner-state.json';
const DB = 'summoner.db';

export interface StateManifest {
  kind: 'summoner-state';
  createdAt: string;
  summonerVersion: string;
  schemaVersion: number;
  files: string[];
}

/**
 * Copy stateDir into dest (a new, empty folder) while the bot runs. `exclude`: folders inside stateDir that are
 * not the bot's state (the apps' data, database and backup roots live there by default): never copied.
 */
export async function snapshotState(o: { stateDir: string; db: Database.Database; dest: string; version: string; now?: Date; exclude?: readonly string[] }): Promise<StateManifest> {
  const skip = new Set((o.exclude ?? []).map((p) => path.resolve(p)));
  skip.add(path.resolve(o.dest)); // a destination inside stateDir is not copied into itself
  await fs.mkdir(o.dest, { recursive: true, mode: 0o700 });
  if ((await fs.readdir(o.dest)).length) throw new SummonerError('state.snapshot_dest_not_empty', `${o.dest} is not empty`);
  await o.db.backup(path.join(o.dest, DB));
  await fs.chmod(path.join(o.dest, DB), 0o600);
  const files = [DB];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await fs.readdir(path.join(o.stateDir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (skip.has(path.resolve(o.stateDir, r))) continue;
      if (!rel && (e.name === DB || e.name.startsWith(`${DB}-`) || isHousekeeping(e.name))) continue; // the database came through its backup API
      const st = await fs.stat(path.join(o.stateDir, r));
      if (e.isDirectory()) {
        await fs.mkdir(path.join(o.dest, r), { mode: st.mode & 0o777 });
        await walk(r);
      } else if (e.isFile()) {
        await fs.copyFile(path.join(o.stateDir, r), path.join(o.dest, r));
        await fs.chmod(path.join(o.dest, r), st.mode & 0o777);
        files.push(r);
      }
    }
  };
  await walk('');
  const manifest: StateManifest = {
    kind: 'summoner-state',
    createdAt: (o.now ?? new Date()).toISOString(),
    summonerVersion: o.version,
    schemaVersion: schemaVersionOf(path.join(o.dest, DB)),
    files: files.sort(),
  };
  await fs.writeFile(path.join(o.dest, STATE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/**
 * Put a snapshot back into stateDir, with the bot stopped (a restore replaces the database under it). Refuses a
 * snapshot from a newer schema than this code knows. stateDir may be a volume's mount point, so its contents
 * are swapped, not the folder: what it held is kept in `<stateDir>/.before-restore-<time>/`.
 */
export async function restoreState(o: {
  snapshot: string;
  stateDir: string;
  /** The newest schema version this code knows (src/schema.ts MIGRATIONS.length). */
  known: number;
  now?: Date;
  /** Entries of stateDir that are not state (data, database and backup roots): left where they are. */
  keep?: readonly string[];
}): Promise<{ keptIn: string }> {
  const keep = new Set((o.keep ?? []).map((p) => path.resolve(p)));
  const manifest = JSON.parse(await fs.readFile(path.join(o.snapshot, STATE_MANIFEST), 'utf8')) as StateManifest;
  if (manifest.kind !== 'summoner-state') throw new SummonerError('state.not_a_snapshot', `${o.snapshot} is not a snapshot of Summoner's state`);
  const known = o.known;
  const at = schemaVersionOf(path.join(o.snapshot, DB));
  if (at > known) {
    throw new SummonerError('state.schema_newer', `the snapshot is at schema version ${at}, newer than this Summoner knows (${known}): restore it with Summoner ${manifest.summonerVersion} or newer`);
  }
  const stamp = (o.now ?? new Date()).toISOString().replace(/[-:.]/g, '');
  await fs.mkdir(o.stateDir, { recursive: true, mode: 0o700 });
  const staging = path.join(o.stateDir, `.restoring-${stamp}`);
  const keptIn = path.join(o.stateDir, `.before-restore-${stamp}`);
  // copied in first (same filesystem as the state), so the swap below is renames only
  await fs.cp(o.snapshot, staging, { recursive: true, preserveTimestamps: true });
  await fs.rm(path.join(staging, STATE_MANIFEST));
  await fs.mkdir(keptIn, { mode: 0o700 });
  for (const e of await fs.readdir(o.stateDir)) {
    if (isHousekeeping(e) || keep.has(path.resolve(o.stateDir, e))) continue;
    await fs.rename(path.join(o.stateDir, e), path.join(keptIn, e));
  }
  for (const e of await fs.readdir(staging)) {
    // a snapshot never holds a kept entry (snapshotState excludes them); one that does is not let over it
    if (keep.has(path.resolve(o.stateDir, e))) continue;
    await fs.rename(path.join(staging, e), path.join(o.stateDir, e));
  }
  await fs.rm(staging, { recursive: true, force: true });
  return { keptIn };
}

/** Folders of earlier restores: not state, never in a snapshot. */
const isHousekeeping = (name: string) => name.startsWith('.before-restore-') || name.startsWith('.restoring-');
