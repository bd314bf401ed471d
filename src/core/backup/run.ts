// Backup runs: the app's policy picks the kinds (hot dump, cold copy), each runs through the shared JobQueue
// (a backup and a deploy of one app never race). One run per kind (STYLE §12): its steps (the copy, the
// off-site copy), clean-ups that see the step's error (containers started again; both errors kept), then one
// event for its outcome (backup.done, carrying the off-site result, or backup.failed), then the prune.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SummonerError, isSummonerError } from '../../errors.js';
import { coldCopy } from '../coldcopy.js';
import { containerEnv } from '../engine/index.js';
import { safeReporter, said, type Reporter } from '../reporting.js';
import { pickCodec, sha256File } from './compress.js';
import { dumpDatabase } from './dump.js';
import { credentialsFromEnv } from './dumpers.js';
import { isSafety, listBackups, manifestPath, stamp, writeManifest, type Manifest } from './manifest.js';
import { physicalBackup } from './physical.js';
import type { BackupResult, DbFound } from './types.js';
import type { BackupContext } from './context.js';
import type { Targets } from './targets.js';
import type { Prune } from './prune.js';
import type { Spares } from './spare.js';
import { withCleanup } from './cleanup.js';

export type Runs = ReturnType<typeof createRuns>;

export function createRuns(ctx: BackupContext, { containersOf, databasesOf, targetOf, redactor, startAgain, apps }: Targets, { prune }: Pick<Prune, 'prune'>, spares: Pick<Spares, 'prepareOrLog'>) {
  const { deps, config, catalog, jobs, log, now, root, dirOf, target, runningUnits } = ctx;

  function policyOf(app: string, hasDb: boolean): { hot: boolean; cold: boolean } {
    const m = catalog.get(app);
    if (m) return { hot: m.backup.hot && hasDb, cold: m.backup.cold || (!hasDb && m.backup.hot) };
    return { hot: hasDb, cold: !hasDb };
  }

  async function previousRaw(app: string): Promise<number | undefined> {
    const list = (await listBackups(root, app)).filter((b) => b.manifest.kind === 'dump' && !isSafety(b.manifest));
    return list[list.length - 1]?.manifest.rawBytes;
  }

  /** The id that ties one run's dumps together (a minion with several databases); none for a single dump. */
  const runIdFor = (databases: number) => (databases > 1 ? `${stamp(now())}-${randomBytes(3).toString('hex')}` : undefined);

  async function dumpNow(app: string, found: DbFound, reason: string, reporter: Reporter, safety = false, run?: string): Promise<Manifest> {
    if (!found.running) throw new SummonerError('backup.db_stopped', `the database of ${app} (${found.container}) is not running`, { hint: `start it (\`restart ${app}\`) and back up again` });
    const t = await targetOf(app, found);
    const codec = await pickCodec(config.backup.compression);
    const prev = await previousRaw(app);
    // what both ways of copying take: where, how compressed, when, why, and progress every 16 MB
    let lastShown = 0;
    const common = (verb: string) => ({
      dir: dirOf(app),
      codec,
      ...(config.backup.level ? { level: config.backup.level } : {}),
      now: now(),
      reason,
      safety,
      ...(run ? { run } : {}),
      onProgress: (n: number) => {
        if (n - lastShown >= 16e6) {
          lastShown = n;
          reporter.step(`${(n / 1e6).toFixed(0)} MB ${verb}`, { app });
        }
      },
    });
    // physical: the first database's server (MariaDB); the others are dumped
    if (catalog.get(app)?.backup.method === 'physical' && !found.service) {
      const rootPassword = credentialsFromEnv(found.type, (await containerEnv(found.at.engine, found.at.container))?.env ?? {}).rootPassword;
      if (!rootPassword) {
        throw new SummonerError('backup.no_credentials', `a physical backup of ${app} needs its server's root, and ${found.container} has no root password in its environment`, {
          hint: 'give the database a MARIADB_ROOT_PASSWORD, or back up logically (remove method: physical)',
        });
      }
      reporter.step(`physical copy of ${found.type} (${found.container}, mariadb-backup)`, { app });
      return physicalBackup(found.at.engine, { ...t, user: 'root', password: rootPassword }, common('copied'));
    }
    reporter.step(...said('dumping', [found.type, found.container, ...(found.at.node ? [found.at.node] : [])], { app }));
    return dumpDatabase(found.at.engine, t, {
      ...common('dumped'),
      pgReadBack: config.backup.pgReadBack,
      ...(prev ? { previousRawBytes: prev } : {}),
    });
  }

  async function coldNow(app: string, reason: string, reporter: Reporter): Promise<Manifest> {
    const t0 = Date.now();
    const running = await runningUnits(app);
    let down = 0;
    const copy = await withCleanup(
      async () => {
        for (const x of [...running].reverse()) {
          reporter.step(...said('stoppingForCold', [x.name], { app }));
          await target.stop(x);
        }
        down = Date.now();
        reporter.step(...said('archiving', [], { app }));
        return coldCopy(app, { dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot }, now());
      },
      // started again at once, before anything else (offen: the deferred restart); a failed start does not hide
      // why the copy failed
      () => startAgain(app, running, reporter),
    );
    const downtimeMs = down ? Date.now() - down : 0;
    const m: Manifest = {
      version: 1,
      app,
      kind: 'cold',
      file: path.basename(copy.file),
      createdAt: copy.createdAt.toISOString(),
      reason,
      codec: 'gzip',
      bytes: copy.bytes,
      sha256: await sha256File(copy.file),
      durationMs: Date.now() - t0,
      downtimeMs,
      flags: copy.entries <= 1 ? ['empty: no data folders'] : [],
    };
    await writeManifest(manifestPath(copy.file), m);
    return m;
  }

  function toResult(app: string, m: Manifest): BackupResult {
    return { app, kind: m.kind, ok: true, file: path.join(dirOf(app), m.file), bytes: m.bytes, sha256: m.sha256, durationMs: m.durationMs, flags: m.flags, ...(m.downtimeMs !== undefined ? { downtimeMs: m.downtimeMs } : {}) };
  }

  /** The off-site copy, a step of the run: its outcome goes into the result (the local backup stands either way). */
  async function offsiteCopy(app: string, m: Manifest, r: BackupResult, reporter: Reporter): Promise<void> {
    if (deps.offsite) {
      reporter.step(`copying to ${deps.offsite.name}`, { app });
      try {
        const up = await deps.offsite.upload(app, r.file!, m);
        m.offsite = { target: up.remote, at: now().toISOString(), sha256: up.sha256, encrypted: up.encrypted };
        await writeManifest(manifestPath(r.file!), m);
        r.offsite = 'ok';
        deps.events?.emit({ type: 'offsite.done', app, target: deps.offsite.name, bytes: m.bytes });
      } catch (err) {
        r.offsite = `failed: ${(err as Error).message}`;
        log.warn({ app, code: isSummonerError(err) ? err.code : 'unknown' }, 'off-site copy failed; the local backup stands');
        // its own event (not backup.failed: the backup itself stands), one post to ops by default
        deps.events?.emit({ type: 'offsite.failed', app, target: deps.offsite.name, error: (err as Error).message });
      }
    }
  }

  /** After the outcome is announced: retention, which never turns a backup into a failure. */
  async function pruneAfter(app: string, r: BackupResult): Promise<void> {
    try {
      const p = await prune(app, { confirmed: false });
      if (p.removed.length) r.pruned = p.removed;
      if (p.held) r.pruneHeld = p.held;
    } catch (err) {
      log.warn({ app, err: (err as Error).message }, 'prune failed');
    }
  }

  async function backupUnlocked(app: string, reporter: Reporter, reason: string): Promise<BackupResult[]> {
    const c = await containersOf(app);
    if (!c.db && !c.app) {
      const hasFolders = await fs.stat(path.resolve(config.dataRoot, app)).then(() => true, () => false);
      if (!hasFolders) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: 'see `status`' });
    }
    const policy = policyOf(app, !!c.db);
    const results: BackupResult[] = [];
    // one dump per database (a minion may have several), tied by a run id so that a restore puts them back together
    const dbs = policy.hot ? await databasesOf(app, c) : [];
    const run = runIdFor(dbs.length);
    const kinds: ({ kind: 'dump'; db: DbFound } | { kind: 'cold' })[] = [...dbs.map((db) => ({ kind: 'dump' as const, db })), ...(policy.cold ? [{ kind: 'cold' as const }] : [])];
    for (const k of kinds) {
      const kind = k.kind;
      // one run per kind: its steps (the copy, then the off-site copy), then exactly one event for its outcome
      const t0 = Date.now();
      let m: Manifest;
      let r: BackupResult;
      try {
        m = k.kind === 'dump' ? await dumpNow(app, k.db, reason, reporter, false, run) : await coldNow(app, reason, reporter);
        r = toResult(app, m);
        await offsiteCopy(app, m, r, reporter);
      } catch (err) {
        const red = await redactor(app);
        const error = red(isSummonerError(err) ? err.message : `internal error: ${(err as Error).message}`);
        results.push({ app, kind, ok: false, durationMs: Date.now() - t0, error, flags: [] });
        deps.events?.emit({ type: 'backup.failed', app, kind, error });
        log.warn({ app, kind, code: isSummonerError(err) ? err.code : 'internal' }, 'backup failed');
        continue;
      }
      deps.events?.emit({ type: 'backup.done', app, kind: m.kind, bytes: m.bytes, sha256: m.sha256, durationMs: m.durationMs, file: r.file!, ...(r.offsite ? { offsite: r.offsite } : {}) });
      await pruneAfter(app, r);
      results.push(r);
      log.info({ app, kind, bytes: m.bytes, ms: m.durationMs }, 'backup done');
      // a backup is what a restore starts from: the empty server it loads into is made now if none fits (PostgreSQL)
      if (k.kind === 'dump') await spares.prepareOrLog(app, k.db, (s) => reporter.step(s, { app }));
    }
    return results;
  }

  async function backup(app: string, reporter0: Reporter, opts: { reason?: string } = {}): Promise<BackupResult[]> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `backup ${app}`, () => backupUnlocked(app, reporter, opts.reason ?? 'manual'), (t) => reporter.step(t, { app }));
  }

  async function backupAll(reporter0: Reporter, opts: { reason?: string; onResult?: (r: BackupResult) => void } = {}): Promise<BackupResult[]> {
    const reporter = safeReporter(reporter0);
    const list = await apps();
    if (!list.length) throw new SummonerError('backup.nothing', 'no app is summoned here, so there is nothing to back up');
    const limit = Math.max(1, config.backup.parallel);
    const results: BackupResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const app = list[next++]!;
        let rs: BackupResult[];
        try {
          rs = await backup(app, reporter, { reason: opts.reason ?? 'manual' });
        } catch (err) {
          rs = [{ app, kind: 'dump', ok: false, durationMs: 0, error: (err as Error).message, flags: [] }];
        }
        for (const r of rs) {
          results.push(r);
          opts.onResult?.(r);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
    return results.sort((a, b) => a.app.localeCompare(b.app) || a.kind.localeCompare(b.kind));
  }

  async function dumpStopped(app: string, reason: string, reporter: Reporter): Promise<Manifest | undefined> {
    // every database of the app, one run; resolves with the first one's manifest
    const dbs = await databasesOf(app);
    const run = runIdFor(dbs.length);
    let first: Manifest | undefined;
    for (const db of dbs) {
      const wasRunning = db.running;
      if (!wasRunning) {
        reporter.step(`starting ${db.container} for a dump`);
        await startAgain(app, [db.unit], reporter);
      }
      const m = await withCleanup(
        () => dumpNow(app, { ...db, running: true }, reason, reporter, true, run),
        async () => {
          if (!wasRunning) await target.stop(db.unit);
        },
      );
      deps.events?.emit({ type: 'backup.done', app, kind: 'dump', bytes: m.bytes, sha256: m.sha256, durationMs: m.durationMs, file: path.join(dirOf(app), m.file) });
      first ??= m;
    }
    return first;
  }

  return { dumpNow, backup, backupAll, dumpStopped };
}
