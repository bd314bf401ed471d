// A dump restored beside the live database (a twin container on fresh folders), checked, then swapped in;
// the old folders are put back on any failure.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError, isSummonerError } from '../../errors.js';
import {
  containerEnv,
  inspectContainer,
  stopContainer,
  execStream,
  removeContainer,
  startTwinContainer,
  twinConfigKey,
  type Engine,
} from '../engine/index.js';
import type { Located } from '../deploy/locate.js';
import { said, type Reporter } from '../reporting.js';
import { isMysqlFamily, LABEL, type DbType } from '../types.js';
import { countTables, fingerprintDatabase, firstLine } from './dump.js';
import { SqlDumpFingerprint, type Fingerprint } from './fingerprint.js';
import { credentialsFromEnv, dumperFor, type DbTarget } from './dumpers.js';
import { stamp, type BackupEntry } from './manifest.js';
import { accountIsUser, DefinerRewrite } from './definers.js';
import { physicalTwin } from './physical.js';
import { LOAD_WORKERS } from './parallel-load.js';
import { loadDump } from './restore.js';
import { ownerOf, stageDump, STAGED_DIR_IN_CONTAINER, type StagedDump } from './staged-load.js';
import { initdbWithoutSync, type Spares } from './spare.js';
import { compareCounts, compareWithManifest, recordHashed, summarise, waitReady } from './verify.js';
import type { DbFound, RestoreOptions } from './types.js';
import type { BackupContext } from './context.js';
import type { Targets } from './targets.js';
import type { Folders } from './folders.js';

/**
 * Server flags for the twin's load only, appended to the live command (later flags win): the twin is thrown
 * away on any failure, so crash safety during the load buys nothing. What it writes is made durable by a
 * clean shutdown (checked) and `sync -f` of its folders before the swap, and the swapped-in server starts
 * with the minion's own command, without these. Appended only to a command that is the server itself (or
 * flags for the image's entrypoint): a wrapper script's arguments are not ours to extend.
 */
export function fastLoadFlags(type: DbType, cmd: string[]): string[] {
  const first = cmd[0] ?? '';
  if (isMysqlFamily(type)) {
    if (cmd.length && !/^(mariadbd|mysqld)$/.test(path.basename(first)) && !first.startsWith('-')) return [];
    return ['--skip-log-bin', '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--sync-binlog=0'];
  }
  if (type === 'postgres') {
    if (cmd.length && path.basename(first) !== 'postgres' && !first.startsWith('-')) return [];
    const set = { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off', wal_level: 'minimal', max_wal_senders: '0', archive_mode: 'off', max_wal_size: '4GB', checkpoint_timeout: '30min', autovacuum: 'off' };
    return Object.entries(set).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  }
  return [];
}

export type TwinRestore = ReturnType<typeof createTwinRestore>;

/** How a restore takes the safety copy of what its swap replaced (see safetyFromKept). */
export interface SafetyAfterSwap {
  /** The database container as it runs after the swap (undefined: the one found before it). */
  locate: () => Promise<DbFound | undefined>;
  /** Dumps the server on the kept folders (a DbFound naming that twin) as a safety copy. */
  take: (before: DbFound) => Promise<unknown>;
}

export function createTwinRestore(
  ctx: BackupContext,
  { targetOf, startAgain, twinStartLimitS }: Pick<Targets, 'targetOf' | 'startAgain' | 'twinStartLimitS'>,
  { dataFolders, freshFolders, syncFolders, removeFolders }: Folders,
  spares: Pick<Spares, 'take' | 'prepareOrLog'>,
) {
  const { log, domain, now, target } = ctx;

  /**
   * PostgreSQL roles live in the cluster, not the dump: the fresh server gets the live one's, so GRANTs and owners
   * restore. Read from the live server while the fresh one starts (undefined: they could not be read, said in the log).
   */
  async function liveRoles(engine: Engine, live: DbTarget): Promise<Buffer | undefined> {
    const r = await execStream(engine, live.container, ['pg_dumpall', '--roles-only', '--no-role-passwords', '-h', '127.0.0.1', '-p', '5432', '-U', live.user, '--no-password'], {
      env: [`PGPASSWORD=${live.password}`],
      keepBytes: 4 << 20,
    });
    if (r.exitCode === 0) return Buffer.from(r.stdout);
    log.warn({ app: live.app, err: firstLine(r.stderr) }, 'could not copy the roles (the app user may not be a superuser)');
    return undefined;
  }

  /** The live server's roles created in the fresh one. */
  async function copyRoles(engine: Engine, roles: Buffer, twin: DbTarget): Promise<void> {
    // roles that exist already (the app's own) make psql complain and go on: that is fine here
    await execStream(engine, twin.container, ['psql', '-h', '127.0.0.1', '-p', '5432', '-U', twin.user, '-d', twin.database, '--no-password', '-X', '-q', '-f', '-'], {
      env: [`PGPASSWORD=${twin.password}`],
      stdin: Readable.from([roles]),
    });
  }

  /**
   * A dump restored beside the live database, then swapped in: a twin of the database container (same
   * image, environment and flags, no network) on new folders loads the dump and is checked against the
   * manifest; only then is the app stopped, the folders swapped and the database and app started behind
   * their health checks. The old folders stay until then, and are put back on any failure; after it they
   * give the safety copy, and go only once it is on disk. Before the swap nothing live is touched.
   */
  async function restoreDumpBeside(
    app: string,
    b: BackupEntry,
    /** The app's main unit, stopped for the swap while it runs. */
    appC: Located | undefined,
    found: DbFound,
    reporter: Reporter,
    /**
     * The safety copy of the replaced data, taken from a server on its kept folders once the app is healthy
     * again: `take` dumps it; `locate` finds the database container again after the swap (on a Swarm the
     * restarted service runs a new task container).
     */
    safety: SafetyAfterSwap,
    opts: RestoreOptions = {},
    /**
     * The file's checksum read (begun at the first call): begun as the load starts, once the twin's start and the
     * dump's decompression no longer need the CPU, and awaited before anything is swapped in.
     */
    checksum: () => Promise<void> = () => Promise.resolve(),
  ): Promise<{ downtimeMs: number; checked: string; notes: string[] }> {
    const d = dumperFor(found.type);
    // everything beside the live database runs where it runs (one host, or on a Swarm its node's engine)
    const engine = found.at.engine;
    const folders = await dataFolders(app, found.at);
    const t = await targetOf(app, found);
    const live = await containerEnv(engine, found.at.container);
    const rootPassword = credentialsFromEnv(found.type, live?.env ?? {}).rootPassword;
    const hex = randomBytes(4).toString('hex');
    const tag = `restore-${stamp(now())}-${hex}`;
    const name = `summoner-restore-${app}-${hex}`;
    const twin: DbTarget = { ...t, container: name };
    // MariaDB/MySQL: root can recreate every object (views, triggers, routines of another DEFINER); the app's user cannot
    const loader: DbTarget = isMysqlFamily(found.type) && rootPassword ? { ...twin, user: 'root', password: rootPassword } : twin;
    const notes: string[] = [];
    if (loader.user !== t.user && b.manifest.method !== 'physical') notes.push(`loaded as root (objects of every DEFINER restore)`);
    // without root, objects of another DEFINER restore only with their DEFINER rewritten to the app's user (asked for)
    const rewrite = loader.user === t.user && opts.definersToApp && isMysqlFamily(found.type) ? new DefinerRewrite((a) => accountIsUser(a, t.user)) : undefined;
    if (b.manifest.lossy?.length) notes.push(`FLOAT values are as the dump printed them (6 significant digits): ${b.manifest.lossy.slice(0, 3).join(', ')}`);
    // PostgreSQL: the empty server made ahead (spare.ts) when one fits, so that the fresh server skips initdb
    const spareKey = found.type === 'postgres' && b.manifest.method !== 'physical' ? await twinConfigKey(engine, found.at.container) : undefined;
    const spare = spareKey ? await spares.take(folders, spareKey, tag) : undefined;
    const fresh = spare ?? (await freshFolders(folders, tag));
    let checked: string;
    const labels = { [LABEL.managed]: 'true', [LABEL.domain]: domain, [LABEL.app]: app, [LABEL.role]: 'restore' };
    let staged: StagedDump | undefined;
    /** The staged dump, once loaded (or the restore failed): stopped if still being written, and removed. */
    const dropStaged = async () => {
      const dir = staged?.dir;
      await staged?.drop().catch((err: Error) => log.warn({ folder: dir, err: err.message }, 'could not remove a restore folder'));
      staged = undefined;
    };
    /** The dump loaded into a twin on the fresh folders and compared with the manifest; says what was checked. */
    const logicalTwin = async (): Promise<string> => {
      const fast = (cmd: string[]) => fastLoadFlags(found.type, cmd);
      reporter.step(...said('twinStart', [found.type, found.container, name]));
      if (spare) reporter.step('on an empty server folder made ahead, so without initdb now');
      // PostgreSQL: the dump decompressed beside the folders while the twin starts, and read there (staged-load.ts)
      staged = await stageDump(b, `${folders[0]!}.${tag}-load`, await ownerOf(folders[0]!));
      const roles = found.type === 'postgres' ? liveRoles(engine, t) : undefined;
      roles?.catch(() => undefined); // awaited below, once the twin is up; a failed start must not leave it unhandled
      await startTwinContainer(engine, {
        live: found.at.container,
        name,
        binds: fresh,
        labels,
        args: (cmd) => {
          const f = fast(cmd);
          // said, so that a reader knows why the twin's settings differ for the load (never the swapped-in server's)
          reporter.step(f.length ? `loading with fast-load flags, thrown away before the swap: ${f.filter((x) => x !== '-c').join(' ')}` : 'loading with its own flags only (its command is not the server itself)');
          return f;
        },
        // PostgreSQL without a spare: initdb without its own fsync of every file (the fresh folders are synced before the swap, below)
        ...(found.type === 'postgres' ? { env: initdbWithoutSync(live?.env) } : {}),
        ...(staged ? { readOnly: new Map([[staged.dir, STAGED_DIR_IN_CONTAINER]]) } : {}),
      });
      await waitReady(engine, twin, twinStartLimitS(app, found));
      const known = await roles;
      await Promise.all([known && copyRoles(engine, known, twin), staged?.ready]);
      reporter.step(...said(staged ? 'loadingStaged' : 'loading', [b.manifest.file, ...(b.manifest.rawBytes ? [`${(b.manifest.rawBytes / 1e6).toFixed(0)} MB`] : [])]));
      // MariaDB/MySQL: the rows' fingerprint is read from the stream as it loads (one pass, no re-dump of the
      // restored database); the restored tables' row counts are then checked in the database itself
      const loaded = d.fingerprint === 'dump-stream' && b.manifest.checksums ? new SqlDumpFingerprint() : undefined;
      const sum = checksum();
      sum.catch(() => undefined); // awaited below, with the load
      const load = loadDump(engine, loader, b, [...(loaded ? [loaded] : []), ...(rewrite ? [rewrite] : [])], LOAD_WORKERS, staged?.inContainer).catch((err: unknown) => {
        if (!rewrite && loader.user === t.user && isMysqlFamily(found.type) && /SUPER|SET USER|DEFINER/.test((err as Error).message)) {
          throw new SummonerError('backup.restore_failed', (err as Error).message, {
            cause: err,
            hint: `objects of another DEFINER need root to restore, and Summoner does not know the root password of ${found.container} (no MARIADB_ROOT_PASSWORD in its environment): \`restore ${app} ${b.manifest.file} --definers-to-app\` makes the app's user their definer, or give the database a root password`,
          });
        }
        throw err;
      });
      load.catch(() => undefined); // a failed checksum gives up first: the twin goes, and its load with it
      // the file's checksum is read while it loads into the twin, which is thrown away if it fails: nothing is
      // swapped in before it passed (and the time of reading it is not added to the restore's)
      await Promise.all([load, sum]);
      await dropStaged();
      if (rewrite?.replaced.size) notes.push(`DEFINER rewritten to the app's user ${t.user} (no root password known): ${rewrite.describe()}`);
      // what the load wrote goes to disk while the check reads it (the disk is idle then): the twin's stop and the
      // sync after it, on the swap's path, have little left to write. Its failure is the final sync's to report.
      syncFolders([...fresh.values()]).catch(() => undefined);
      reporter.step(...said(b.manifest.checksums ? 'comparingSums' : 'comparingCounts'));
      let fp: Fingerprint;
      let diffs: string[];
      if (loaded) {
        const counts = await countTables(engine, name, d, twin);
        fp = Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, { rows: n, sum: '' }]));
        diffs = [...compareWithManifest(b.manifest, loaded.fingerprint()).map((x) => `as loaded, ${x}`), ...compareCounts(b.manifest.tables ?? {}, counts)];
      } else {
        fp = await fingerprintDatabase(engine, name, d, twin, recordHashed(b.manifest));
        diffs = compareWithManifest(b.manifest, fp);
      }
      if (diffs.length) throw new SummonerError('backup.restore_failed', `the restored database does not match ${b.manifest.file}: ${summarise(diffs)}`);
      const rows = Object.values(fp).reduce((a, f) => a + f.rows, 0);
      return `${Object.keys(fp).length} tables, ${rows} rows${b.manifest.checksums ? ' and their checksums' : ''} as recorded`;
    };
    /** The twin and its fresh folders gone, and nothing live touched: the restore fails with `err`'s own words. */
    const giveUp = async (err: unknown): Promise<never> => {
      await dropStaged();
      await removeContainer(engine, name).catch(() => undefined);
      await removeFolders(fresh.values());
      const why = isSummonerError(err) ? err.message : `internal error: ${(err as Error).message}`;
      throw new SummonerError('backup.restore_failed', `${why}. Nothing was changed: ${app} runs on its data as before`, { cause: err, ...(isSummonerError(err) && err.hint ? { hint: err.hint } : {}) });
    };
    try {
      checked =
        b.manifest.method === 'physical'
          ? await checksum().then(() => physicalTwin(engine, { live: found.at.container, name, binds: fresh, labels, backupFile: b.path, manifest: b.manifest, app: twin, step: (s) => reporter.step(s), startLimitS: twinStartLimitS(app, found) }))
          : await logicalTwin();
    } catch (err) {
      return giveUp(err);
    }
    // the twin's clean shutdown, checked and synced, runs while the app and its database stop for the swap
    // (both take a few tenths of a second): an unclean one starts them again on their own data, untouched
    const shutdown = (async () => {
      await stopContainer(engine, name, 300); // a clean shutdown: the files are consistent
      // the twin loaded without its own fsyncs (fastLoadFlags): only a clean shutdown leaves its files whole
      const stopped = await inspectContainer(engine, name);
      if (stopped?.state === 'running' || (stopped && stopped.exitCode !== 0)) {
        throw new SummonerError('backup.restore_failed', `the restored database did not shut down cleanly (exit ${stopped.exitCode}), so its files cannot be trusted`);
      }
      await syncFolders([...fresh.values()]); // on disk before it counts: the fresh folders replace the live ones
    })();
    // the twin's container goes while the swap runs (its folders are what counts, and they are synced)
    const twinGone = shutdown.then(() => removeContainer(engine, name));
    twinGone.catch(() => undefined);

    // the swap: the app is down only from here
    // stopped and started through the deploy target: a Swarm service is scaled to 0 (its task container
    // stopped alone would be replaced at once, on the old folders)
    const appRunning = appC && appC.info.state === 'running' ? appC.unit : undefined;
    const down = Date.now();
    // the app first, then its database: an app that exits when its database goes would be started again by its
    // restart policy, and a restart counted now fails its health gate after the swap. Where the target can
    // (containers), the app is only signalled first: its restart policy is off from then, and the two stop
    // together (the engine's clean-up of each takes a few tenths). What the app still writes as it stops goes
    // to the data being replaced, which the safety copy below keeps.
    const stopping = (async () => {
      if (!appRunning) return target.stop(found.unit);
      reporter.step(...said('stoppingForSwap', [appRunning.name]));
      if (!target.interrupt) {
        await target.stop(appRunning);
        return target.stop(found.unit);
      }
      await target.interrupt(appRunning);
      const both = await Promise.allSettled([target.stop(appRunning), target.stop(found.unit)]);
      const failed = both.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    })();
    const [shut, stop] = await Promise.allSettled([shutdown, stopping]);
    if (shut.status === 'rejected' || stop.status === 'rejected') {
      await startAgain(app, [found.unit, ...(appRunning ? [appRunning] : [])], reporter).catch((e: Error) => reporter.step(`starting ${app} again failed too: ${e.message}`));
      return giveUp(shut.status === 'rejected' ? shut.reason : (stop as PromiseRejectedResult).reason);
    }
    const old = new Map(folders.map((f) => [f, `${f}.before-${tag}`]));
    const swapped: string[] = [];
    const putBack = async () => {
      for (const f of swapped) {
        await fs.rename(f, `${f}.failed-${tag}`).catch(() => undefined);
        await fs.rename(old.get(f)!, f);
      }
      await removeFolders(swapped.map((f) => `${f}.failed-${tag}`));
    };
    try {
      for (const f of folders) {
        await fs.rename(f, old.get(f)!);
        swapped.push(f);
        await fs.rename(fresh.get(f)!, f);
      }
      reporter.step(...said('startingRestored', [found.container]));
      await startAgain(app, [found.unit], reporter);
      if (appRunning) await startAgain(app, [appRunning], reporter);
    } catch (err) {
      reporter.step(...said('puttingBefore', [app]));
      if (appRunning) await target.stop(appRunning).catch(() => undefined);
      await target.stop(found.unit).catch(() => undefined);
      await putBack();
      await removeFolders(fresh.values());
      await startAgain(app, [found.unit, ...(appRunning ? [appRunning] : [])], reporter).catch((e: Error) => reporter.step(`starting ${app} again failed too: ${e.message}`));
      throw new SummonerError('backup.restore_failed', `${app} did not come back healthy on the restored data (${(err as Error).message}); its data before the restore is back in place`, { cause: err });
    }
    const downtimeMs = Date.now() - down;
    reporter.step(...said('restoredHealthy', [app, (downtimeMs / 1000).toFixed(1)]));
    await twinGone.catch((err: Error) => log.warn({ app, container: name, err: err.message }, 'could not remove the restore twin'));
    await safetyFromKept(app, found, old, `${name}-before`, labels, safety, reporter, notes);
    // the next restore's spare, from the database as it runs now (on a Swarm, its new task)
    if (spareKey) await spares.prepareOrLog(app, (await safety.locate().catch(() => undefined)) ?? found, (s) => reporter.step(s));
    return { downtimeMs, checked, notes };
  }

  /**
   * The safety copy of what a restore replaced, taken after the swap from a server on the kept folders (same
   * image, environment and flags, no network): it holds the data up to the swap itself, where a dump of the live
   * server taken during the load missed what was written meanwhile, and nothing beside the load competes with it
   * for the CPU. The folders go only once the copy is on disk; if it cannot be taken they stay, and the result
   * says where.
   */
  async function safetyFromKept(
    app: string,
    found: DbFound,
    old: Map<string, string>,
    name: string,
    labels: Record<string, string>,
    safety: SafetyAfterSwap,
    reporter: Reporter,
    notes: string[],
  ): Promise<void> {
    let engine = found.at.engine;
    try {
      reporter.step(...said('safetyBefore'));
      const live = (await safety.locate()) ?? found;
      engine = live.at.engine;
      await startTwinContainer(engine, { live: live.at.container, name, binds: old, labels });
      await waitReady(engine, { ...(await targetOf(app, live)), container: name }, twinStartLimitS(app, live));
      await safety.take({ ...live, container: name, running: true, at: { ...live.at, container: name } });
    } catch (err) {
      await removeContainer(engine, name).catch(() => undefined);
      const kept = [...old.values()].join(', ');
      reporter.step(...said('safetyKept', [kept]));
      log.warn({ app, err: (err as Error).message, kept }, 'no safety backup of the data before the restore');
      notes.push(`no safety backup of the data from before could be taken (${(err as Error).message}): it stays in ${kept}; remove it once you no longer need it`);
      return;
    }
    // the restore and its safety copy stand: a failed clean-up is logged, not made the command's failure
    await removeContainer(engine, name).catch((err: Error) => log.warn({ app, container: name, err: err.message }, 'could not remove the safety twin'));
    await removeFolders(old.values());
  }

  return { restoreDumpBeside };
}
