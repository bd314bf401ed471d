// An empty PostgreSQL server folder made ahead of a restore: the restore's fresh server then starts on it in a
// few tenths of a second, where initdb and the image's own set-up (its temporary server, the app's database)
// take a second or more, during the incident. Made after a backup when none fits, and again after a restore
// used it, by a twin of the live server (same image, environment and command) that initialises, then shuts
// down cleanly. One per data folder, beside it so that a rename puts it in place: `<folder>.summoner-spare`,
// with `<folder>.summoner-spare.json` naming the server it fits (twinConfigKey). A spare made for another
// image, environment (a new password) or command is never used, and is replaced at the next backup.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { SummonerError } from '../../errors.js';
import { containerEnv, inspectContainer, removeContainer, startTwinContainer, stopContainer, twinConfigKey } from '../engine/index.js';
import { LABEL } from '../types.js';
import { waitReady } from './verify.js';
import type { BackupContext } from './context.js';
import type { Folders } from './folders.js';
import type { Targets } from './targets.js';
import type { DbFound } from './types.js';

export const SPARE_SUFFIX = '.summoner-spare';

/** What a spare's note says: the key of the server it was made for, and when. */
interface SpareNote {
  key: string;
  madeAt: string;
}

/**
 * initdb without its own fsync of every file, added to the image's own arguments: a restore's fresh folders
 * are synced before they replace the live ones, and a spare before it counts.
 */
export function initdbWithoutSync(liveEnv: Record<string, string> | undefined): string[] {
  const args = liveEnv?.POSTGRES_INITDB_ARGS;
  return [`POSTGRES_INITDB_ARGS=${args ? `${args} ` : ''}--no-sync`];
}

export type Spares = ReturnType<typeof createSpares>;

export function createSpares(ctx: BackupContext, { targetOf, twinStartLimitS }: Pick<Targets, 'targetOf' | 'twinStartLimitS'>, { dataFolders, freshFolders, syncFolders, removeFolders }: Folders) {
  const { log, domain } = ctx;

  async function noteOf(folder: string): Promise<SpareNote | undefined> {
    const text = await fs.readFile(`${folder}${SPARE_SUFFIX}.json`, 'utf8').catch(() => undefined);
    if (!text) return undefined;
    try {
      const n = JSON.parse(text) as Partial<SpareNote>;
      return typeof n.key === 'string' && typeof n.madeAt === 'string' ? { key: n.key, madeAt: n.madeAt } : undefined;
    } catch {
      return undefined;
    }
  }

  const isDir = (p: string) => fs.stat(p).then((s) => s.isDirectory(), () => false);

  /** Every folder has a spare made for `key`. */
  async function fits(folders: string[], key: string): Promise<boolean> {
    for (const f of folders) if ((await noteOf(f))?.key !== key || !(await isDir(`${f}${SPARE_SUFFIX}`))) return false;
    return true;
  }

  /**
   * Makes the spare of the app's database if it has none that fits (PostgreSQL only: MariaDB's restore is
   * already faster than its raw loader, and its spare would hold the minion's redo log, hundreds of MB).
   * Says whether one was made; fails with the reason (the caller logs it: a backup or a restore stands without it).
   */
  async function prepare(app: string, found: DbFound, step?: (s: string) => void): Promise<boolean> {
    if (found.type !== 'postgres') return false;
    const engine = found.at.engine;
    const folders = await dataFolders(app, found.at);
    const key = await twinConfigKey(engine, found.at.container);
    if (await fits(folders, key)) return false;
    step?.(`preparing an empty ${found.type} beside ${found.container} for a quicker restore (once per image and settings)`);
    const hex = randomBytes(4).toString('hex');
    const made = await freshFolders(folders, `summoner-spare-${hex}`);
    const name = `summoner-spare-${app}-${hex}`;
    try {
      const live = await containerEnv(engine, found.at.container);
      await startTwinContainer(engine, {
        live: found.at.container,
        name,
        binds: made,
        labels: { [LABEL.managed]: 'true', [LABEL.domain]: domain, [LABEL.app]: app, [LABEL.role]: 'spare' },
        env: initdbWithoutSync(live?.env),
      });
      await waitReady(engine, { ...(await targetOf(app, found)), container: name }, twinStartLimitS(app, found));
      await stopContainer(engine, name, 120);
      // only a clean shutdown leaves the folder as a server starts on it without recovery
      const stopped = await inspectContainer(engine, name);
      if (stopped?.state === 'running' || (stopped && stopped.exitCode !== 0)) throw new SummonerError('backup.failed', `the spare server did not shut down cleanly (exit ${stopped.exitCode})`);
      await removeContainer(engine, name);
      await syncFolders([...made.values()]);
      const note: SpareNote = { key, madeAt: new Date().toISOString() };
      for (const [f, dir] of made) {
        await fs.rm(`${f}${SPARE_SUFFIX}.json`, { force: true });
        await fs.rm(`${f}${SPARE_SUFFIX}`, { recursive: true, force: true });
        await fs.rename(dir, `${f}${SPARE_SUFFIX}`);
        // the note last: a spare without it is never used (and is replaced by the next one)
        await fs.writeFile(`${f}${SPARE_SUFFIX}.json.${hex}`, `${JSON.stringify(note)}\n`, { mode: 0o600 });
        await fs.rename(`${f}${SPARE_SUFFIX}.json.${hex}`, `${f}${SPARE_SUFFIX}.json`);
      }
      log.info({ app, folders }, 'spare server folder ready for a restore');
      return true;
    } catch (err) {
      await removeContainer(engine, name).catch(() => undefined);
      await removeFolders(made.values());
      throw err;
    }
  }

  /** prepare, with its failure logged and not thrown (what calls it stands without a spare). */
  async function prepareOrLog(app: string, found: DbFound | undefined, step?: (s: string) => void): Promise<void> {
    if (!found) return;
    await prepare(app, found, step).catch((err: Error) => log.warn({ app, err: err.message }, 'no spare server folder for the next restore'));
  }

  /**
   * The spares of `folders` moved to `<folder>.<tag>` (where a restore's fresh folders go), if every folder has one
   * made for `key`; undefined otherwise (the restore makes empty folders, and its server initialises them).
   */
  async function take(folders: string[], key: string, tag: string): Promise<Map<string, string> | undefined> {
    if (!(await fits(folders, key))) return undefined;
    const map = new Map<string, string>();
    try {
      for (const f of folders) {
        await fs.rename(`${f}${SPARE_SUFFIX}`, `${f}.${tag}`);
        map.set(f, `${f}.${tag}`);
        await fs.rm(`${f}${SPARE_SUFFIX}.json`, { force: true });
      }
      return map;
    } catch (err) {
      log.warn({ folders, err: (err as Error).message }, 'could not use the spare server folder');
      await removeFolders(map.values());
      return undefined;
    }
  }

  return { prepare, prepareOrLog, take };
}
