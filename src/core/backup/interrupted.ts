// What a restore or a verify stopped part-way (the bot, the engine or the host went down) leaves behind, found
// and cleared at the bot's next start. A restore builds beside the live data and swaps by renames
// (twin-restore.ts), so what is left is one of:
// - its throw-away servers (role `restore` or `verify`, or `spare`: one making a restore's spare, spare.ts): removed;
//   removing a container leaves its folders;
// - the dump staged beside the folders (`<folder>.restore-…-load`, `<folder>.verify-…-load`) and the fresh folders it loaded
//   (`<folder>.restore-…`, `<folder>.verify-…`, a failed swap's `<folder>.failed-restore-…`), their folder in
//   place, and a spare being made (`<folder>.summoner-spare-…`): removed, since the backup they came from stays;
// - a folder missing with its `<folder>.before-restore-…` beside it (stopped between the two renames of a swap):
//   the data from before that restore is put back in place of every folder it swapped, and the unproven restored
//   copies are removed.
// Never touched: a `<folder>.before-restore-…` whose folder is in place (data a restore replaced, kept because its
// safety copy could not be taken, as that restore's result said), and anything made after this process started,
// which is this process's own work in flight. Only this engine's servers: on a Swarm, a twin on another node's
// engine is that node's (its folders, on the shared data roots, are swept here).
import fs from 'node:fs/promises';
import path from 'node:path';
import { listContainers, removeContainer } from '../engine/index.js';
import { LABEL } from '../types.js';
import type { BackupContext } from './context.js';
import type { InterruptedSweep } from './types.js';

/** `<folder>.<kind>-…`: what a restore or a verify names beside a data folder (see twin-restore.ts, verify-run.ts). */
const BESIDE = /^(.+)\.(restore-\d{8}T\d{6}Z-[0-9a-f]{8}(-load)?|verify-[0-9a-f]{8}(?:-load)?|failed-restore-\d{8}T\d{6}Z-[0-9a-f]{8}|before-restore-\d{8}T\d{6}Z-[0-9a-f]{8}|summoner-spare-[0-9a-f]{8})$/;
const THROWAWAY_ROLES = new Set(['restore', 'verify', 'spare']);

export function createInterruptedSweep(ctx: BackupContext) {
  const { config, engine, domain, log } = ctx;

  /** Clears what restores and verifies stopped before `startedAt` (this process's start) left. */
  async function sweepInterrupted(startedAt: number): Promise<InterruptedSweep> {
    const out: InterruptedSweep = { containers: [], removed: [], putBack: [], kept: [], failed: [] };
    const before = (ms: number) => ms > 0 && ms < startedAt;
    for (const c of await listContainers(engine, { [LABEL.managed]: 'true', [LABEL.domain]: domain })) {
      // (the engine tells whole seconds: a server made in the second the process started may be its own)
      if (!THROWAWAY_ROLES.has(c.labels[LABEL.role] ?? '') || !before((c.created + 1) * 1000)) continue;
      await removeContainer(engine, c.name).then(
        () => out.containers.push(c.name),
        (err: Error) => out.failed.push(`${c.name}: ${err.message}`),
      );
    }
    const root = path.resolve(config.dbRoot);
    for (const app of await fs.readdir(root, { withFileTypes: true }).catch(() => [])) {
      if (!app.isDirectory()) continue;
      const dir = path.join(root, app.name);
      const here = new Set(await fs.readdir(dir).catch(() => [] as string[]));
      // (a link is never followed out of dbRoot; and what this process made is its own work in flight)
      const found: { at: string; folder: string; kind: string }[] = [];
      for (const name of here) {
        const m = BESIDE.exec(name);
        const at = path.join(dir, name);
        const st = m ? await fs.lstat(at).catch(() => undefined) : undefined;
        if (m && st?.isDirectory() && before(st.ctimeMs)) found.push({ at, folder: m[1]!, kind: m[2]! });
      }
      // first a swap stopped half-way is undone: a folder missing beside its copy from before means that restore's
      // swap never finished, so every folder of it goes back to its data from before (a database on several folders
      // never runs on a mix), as the restore's own put-back does
      const befores = found.filter((x) => x.kind.startsWith('before-'));
      const halfSwapped = new Set(befores.filter((x) => !here.has(x.folder)).map((x) => x.kind));
      for (const f of befores) {
        if (!halfSwapped.has(f.kind)) {
          out.kept.push(f.at);
          continue;
        }
        const folder = path.join(dir, f.folder);
        const unproven = `${folder}.${f.kind.replace(/^before-/, 'failed-')}`;
        try {
          // (the folder of this restore that was swapped in holds its unproven data: moved aside, then removed below)
          if (here.has(f.folder)) {
            await fs.rename(folder, unproven);
            found.push({ at: unproven, folder: f.folder, kind: f.kind.replace(/^before-/, 'failed-') });
          }
          await fs.rename(f.at, folder);
          here.add(f.folder);
          out.putBack.push(folder);
        } catch (err) {
          out.failed.push(`${f.at}: ${(err as Error).message}`);
        }
      }
      // then the staged dumps, and the fresh folders whose folder is in place
      for (const f of found.filter((x) => !x.kind.startsWith('before-'))) {
        if (!f.kind.endsWith('-load') && !here.has(f.folder)) {
          out.failed.push(`${f.at}: its folder ${f.folder} is missing and no copy from before a restore is beside it, so it is left as it is`);
          continue;
        }
        await fs.rm(f.at, { recursive: true, force: true }).then(
          () => out.removed.push(f.at),
          (err: Error) => out.failed.push(`${f.at}: ${err.message}`),
        );
      }
    }
    if (out.containers.length || out.removed.length || out.putBack.length || out.failed.length) log.warn({ ...out }, 'cleared what an interrupted restore or verify left');
    else if (out.kept.length) log.info({ kept: out.kept }, 'data replaced by earlier restores is still kept beside its folder');
    return out;
  }

  return { sweepInterrupted };
}
