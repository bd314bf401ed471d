// The restore command's run: the backup picked and its checksum checked, then a dump restored beside the live
// database and swapped in (the safety copy taken from the replaced folders, kept until it is on disk), or a
// safety copy of the current folders and a cold copy's folders put back.
import { SummonerError } from '../../errors.js';
import { coldCopy, restoreColdCopy } from '../coldcopy.js';
import { safeReporter, said, type Reporter } from '../reporting.js';
import { checkChecksum } from './restore.js';
import type { BackupEntry } from './manifest.js';
import type { DbFound, RestoreOptions, RestoreResult } from './types.js';
import type { BackupContext } from './context.js';
import type { Targets } from './targets.js';
import type { BackupSet } from './backups.js';
import type { Runs } from './run.js';
import type { TwinRestore } from './twin-restore.js';
import { withCleanup } from './cleanup.js';

export function createRestore(ctx: BackupContext, { containersOf, databasesOf, startAgain }: Pick<Targets, 'containersOf' | 'databasesOf' | 'startAgain'>, { pick, list, recordSafety }: Pick<BackupSet, 'pick' | 'list' | 'recordSafety'>, { dumpNow }: Pick<Runs, 'dumpNow'>, { restoreDumpBeside }: TwinRestore) {
  const { config, jobs, log, now, target, runningUnits } = ctx;

  async function restore(app: string, which: string | undefined, reporter0: Reporter, opts: RestoreOptions = {}): Promise<RestoreResult> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `restore ${app}`, async () => {
      const t0 = Date.now();
      const b = await pick(app, which);
      reporter.step(...said('checksum', [b.manifest.file]));
      // a dump's checksum is read while it loads into its fresh database (nothing is swapped in before it passed); a
      // cold copy's before anything is stopped
      let reading: Promise<void> | undefined;
      /** The checksum's read, begun at the first call: the load's, or a failure's before it (said as the error). */
      const checksum = () => (reading ??= checkChecksum(b));
      if (b.manifest.kind !== 'dump') await checksum();
      const c = await containersOf(app);
      let safety: string | undefined;
      let swap: { downtimeMs: number; checked: string; notes: string[] } | undefined;
      /** the other dumps of the run restored with the one asked for */
      const also: string[] = [];
      if (b.manifest.kind === 'dump') {
        // a run's dumps (one per database of the minion) go back together, each into its own database
        const group = b.manifest.run ? (await list(app)).filter((x) => x.manifest.kind === 'dump' && x.manifest.run === b.manifest.run) : [b];
        const dbs = await databasesOf(app, c);
        const pairs = group.map((entry) => ({ entry, found: dbs.find((d) => d.service === entry.manifest.service) }));
        const missing = pairs.filter((p) => !p.found).map((p) => p.entry.manifest.service ?? 'its database');
        if (missing.length) throw new SummonerError('backup.no_database', `${app} has no database container to restore into (${missing.join(', ')})`, { hint: `\`summon ${app}\` first, then restore` });
        for (const p of pairs) if (p.entry.manifest.file !== b.manifest.file) await checkChecksum(p.entry);
        for (const { entry, found } of pairs as { entry: BackupEntry; found: DbFound }[]) {
          if (pairs.length > 1) reporter.step(`restoring ${found.service ?? 'the first database'} (${found.container}) from ${entry.manifest.file}`);
          // the asked file's checksum is read while it loads into its fresh database (nothing is swapped in before it passed)
          const ready = entry.manifest.file === b.manifest.file ? checksum : () => Promise.resolve();
          try {
            // the safety copy of what the swap replaced comes from its kept folders, once the app is healthy again
            const one = await restoreDumpBeside(app, entry, c.app, found, reporter, {
              locate: async () => (await databasesOf(app, await containersOf(app))).find((d) => d.service === found.service),
              take: (before) => dumpNow(app, before, 'pre-restore', reporter, true).then((m) => void (safety ??= m.file)),
            }, opts, ready);
            swap = swap ? { downtimeMs: swap.downtimeMs + one.downtimeMs, checked: `${swap.checked}; ${one.checked}`, notes: [...swap.notes, ...one.notes] } : one;
            if (entry.manifest.file !== b.manifest.file) also.push(entry.manifest.file);
          } catch (err) {
            await ready(); // a file that does not match its manifest: that is the error, as is
            const done = pairs.slice(0, pairs.findIndex((p) => p.entry === entry)).map((p) => p.entry.manifest.file);
            if (done.length) reporter.step(`already restored before this failure: ${done.join(', ')}`);
            throw err;
          }
        }
      } else {
        const running = await runningUnits(app);
        reporter.step(...said('safetyFolders'));
        for (const x of [...running].reverse()) await target.stop(x);
        await withCleanup(
          async () => {
            const copy = await coldCopy(app, { dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot }, now()).catch((err: Error) => {
              // the folders put back replace these: without a copy of them, only when asked for
              if (!opts.force) {
                throw new SummonerError('backup.no_safety', `no safety backup of ${app}'s current folders could be taken, so nothing was restored: ${err.message}`, {
                  hint: `fix that, or \`restore ${app} ${which ?? 'latest'} --force\` to restore without one`,
                  cause: err,
                });
              }
              reporter.step('no safety backup (--force): going on');
              return undefined;
            });
            if (copy) safety = (await recordSafety(app, copy.file, 'pre-restore', 'cold')).file;
            reporter.step(...said('puttingBackFolders', [b.manifest.file]));
            await restoreColdCopy(app, b.path, { dataRoot: config.dataRoot, dbRoot: config.dbRoot });
          },
          () => startAgain(app, running, reporter), // a failed start does not hide why the restore failed
        );
      }
      reporter.step(...said('backAsOf', [app, b.manifest.createdAt]));
      log.info({ app, file: b.manifest.file }, 'restored');
      return {
        app,
        file: b.manifest.file,
        kind: b.manifest.kind,
        ...(safety ? { safety } : {}),
        ms: Date.now() - t0,
        ...(swap ? { downtimeMs: swap.downtimeMs, checked: swap.checked } : {}),
        ...(also.length ? { also } : {}),
        notes: swap?.notes ?? [],
      };
    }, (t) => reporter.step(t));
  }

  return { restore };
}
