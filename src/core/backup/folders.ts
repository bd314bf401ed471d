// A database's data folders and the fresh ones built beside them for a restore or a check (same parent, so
// that a rename swaps them), synced to disk before they count, removed when thrown away.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError } from '../../errors.js';
import { containerBinds } from '../engine/index.js';
import type { BackupContext } from './context.js';
import type { ExecTarget } from '../deploy/locate.js';

export type Folders = ReturnType<typeof createFolders>;

export function createFolders(ctx: BackupContext) {
  const { config, log } = ctx;

  /** The folders a database container keeps its data in (its writable binds under `<dbRoot>/<app>`). */
  async function dataFolders(app: string, { engine, container, node }: ExecTarget): Promise<string[]> {
    const under = path.join(path.resolve(config.dbRoot), app) + path.sep;
    const binds = (await containerBinds(engine, container)).filter((m) => !m.readOnly && path.resolve(m.source).startsWith(under));
    if (!binds.length) {
      throw new SummonerError('backup.restore_unsupported', `${container} keeps its data in no folder under ${under}: a restore built beside it cannot be swapped in`, {
        hint: `summon ${app} again (its database then lives under dbRoot), or restore by hand`,
      });
    }
    // on a Swarm the folders are the node's: a twin is built beside them only where this process sees them too
    // (the data roots mounted at the same path on every node and here)
    for (const m of binds) {
      if (node && !(await fs.stat(m.source).then((s) => s.isDirectory(), () => false))) {
        throw new SummonerError('backup.restore_unsupported', `${m.source} of ${container.slice(0, 12)} is on node ${node}, and not visible to Summoner here`, {
          hint: 'mount the data roots at the same path on every node and where Summoner runs (a shared file system), or restore by hand on that node',
        });
      }
    }
    return binds.map((m) => m.source);
  }

  /** Empty folders beside each data folder (same parent, so that a rename swaps them), owned like them. */
  async function freshFolders(folders: string[], tag: string): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const src of folders) {
      const dst = `${src}.${tag}`;
      await fs.mkdir(dst, { mode: 0o700 });
      map.set(src, dst);
      const st = await fs.stat(src).catch(() => undefined);
      if (st) await fs.chown(dst, st.uid, st.gid).catch(() => undefined); // the server's entrypoint hands it over anyway
    }
    return map;
  }

  /** syncfs(2) of each folder's file system (`sync -f`, argv): what the twin wrote is on disk. */
  async function syncFolders(folders: string[]): Promise<void> {
    for (const f of folders) {
      await new Promise<void>((resolve, reject) =>
        execFile('sync', ['-f', f], (err, _o, stderr) => (err ? reject(new SummonerError('backup.restore_failed', `could not sync ${f} to disk: ${stderr.trim() || err.message}`)) : resolve())),
      );
    }
  }

  async function removeFolders(folders: Iterable<string>): Promise<void> {
    for (const f of folders) {
      await fs.rm(f, { recursive: true, force: true }).catch((err: Error) => log.warn({ folder: f, err: err.message }, 'could not remove a restore folder'));
    }
  }

  return { dataFolders, freshFolders, syncFolders, removeFolders };
}
