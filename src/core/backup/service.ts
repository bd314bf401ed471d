// The backup module's facade (what the backup, backups, restore, verify and prune commands call): finds an
// app's database container (by Summoner's labels, or by the naming scheme `<dbtype>-<app>-<domain>` for
// containers deployed before the labels), runs hot dumps and cold copies through the shared JobQueue (a
// backup and a deploy of one app never race), applies retention, sends off-site copies and announces
// `backup.done` / `backup.failed` on the event bus. One run is one object: steps, then a report (STYLE §12).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import type { EventBus } from '../events.js';
import { SummonerError, isSummonerError } from '../../errors.js';
import { coldCopy, restoreColdCopy } from '../coldcopy.js';
import {
  containerEnv,
  inspectContainer,
  listContainers,
  selector,
  EXTRA_LABEL,
  stopContainer,
  ASIDE_SUFFIX,
  containerBinds,
  execStream,
  removeContainer,
  startTwinContainer,
  type ContainerInfo,
  type Engine,
} from '../engine/index.js';
import type { JobQueue } from '../jobs.js';
import { parseHealth, safeReporter, type Reporter } from '../reporting.js';
import { containerTarget, containerUnit } from '../deploy/containers.js';
import type { DeployTarget, LiveUnit } from '../deploy/target.js';
import { loadSecrets, redact } from '../secrets.js';
import { DB_TYPES, LABEL, type DbType, type Minion } from '../types.js';
import { pickCodec, sha256File } from './compress.js';
import { countTables, dumpDatabase, fingerprintDatabase, firstLine } from './dump.js';
import { SqlDumpFingerprint, type Fingerprint } from './fingerprint.js';
import { credentialsFromEnv, dumperFor, type DbTarget } from './dumpers.js';
import { choose, describeBackup, isSafety, listBackups, manifestPath, stamp, writeManifest, type BackupEntry, type Manifest } from './manifest.js';
import { accountIsUser, DefinerRewrite } from './definers.js';
import { physicalBackup, physicalTwin } from './physical.js';
import { checkChecksum, loadDump } from './restore.js';
import { planRetention, type RetentionPlan } from './retention.js';
import { compareCounts, compareWithManifest, summarise, verifyBackup, waitReady, VERIFY_LABEL, type VerifyResult } from './verify.js';

import type { Log as BackupLog } from '../ports/log.js';
export type { BackupLog };

/** Where an off-site copy goes (backup.storage.sftp). */
export interface OffsiteTarget {
  readonly name: string;
  /** Upload, then check the remote copy's checksum; resolves with what was checked. */
  upload(app: string, file: string, manifest: Manifest): Promise<{ sha256: string; encrypted: boolean; remote: string }>;
}

export interface BackupServiceDeps {
  config: Config;
  engine: Engine;
  catalog: { get(name: string): Minion | undefined; names(): string[] };
  secretsDir: string;
  jobs: JobQueue;
  events?: EventBus;
  log: BackupLog;
  offsite?: OffsiteTarget;
  now?: () => Date;
  /** Where the app's units are found, stopped and started again (default: standalone containers). */
  target?: DeployTarget;
}

export interface BackupResult {
  app: string;
  kind: 'dump' | 'cold';
  ok: boolean;
  file?: string;
  bytes?: number;
  sha256?: string;
  durationMs: number;
  error?: string;
  flags: string[];
  downtimeMs?: number;
  /** Off-site copy: `ok` or the reason it failed (the local backup stands either way). */
  offsite?: string;
  /** Prune after the backup: what went, or that it waits for a confirmation. */
  pruned?: string[];
  pruneHeld?: number;
}

export interface RestoreResult {
  app: string;
  file: string;
  kind: 'dump' | 'cold';
  safety?: string;
  ms: number;
  /** How long the app was stopped for the swap. */
  downtimeMs?: number;
  /** What the check of the restored database compared before the swap. */
  checked?: string;
  /** Notes for the reply (e.g. FLOAT columns the dump does not keep exactly). */
  notes: string[];
}

export interface RestoreOptions {
  /** Go on when no safety copy can be taken. */
  force?: boolean;
  /** MariaDB/MySQL without a known root password: DEFINER clauses of the dump become the app's user. */
  definersToApp?: boolean;
}

export interface DbFound {
  type: DbType;
  container: string;
  running: boolean;
  image: string;
}

export interface BackupService {
  /** Every backup kind the app's policy asks for. */
  backup(app: string, reporter: Reporter, opts?: { reason?: string }): Promise<BackupResult[]>;
  /** All summoned apps, at most `backup.parallel` at once; `onResult` as each finishes. */
  backupAll(reporter: Reporter, opts?: { reason?: string; onResult?: (r: BackupResult) => void }): Promise<BackupResult[]>;
  list(app: string): Promise<BackupEntry[]>;
  /** The backup `which` names (safety copies only by file name); a date matching several is a question (backup.ambiguous). */
  choose(app: string, which: string | undefined, kind?: 'dump'): Promise<BackupEntry>;
  /** Record a file Summoner made before changing an app (a cold copy before update, rollback or purge) as a safety copy. */
  recordSafety(app: string, file: string, reason: string, kind: 'cold'): Promise<Manifest>;
  restore(app: string, which: string | undefined, reporter: Reporter, opts?: RestoreOptions): Promise<RestoreResult>;
  verify(app: string, which: string | undefined, reporter: Reporter): Promise<VerifyResult>;
  /** The newest backup of the app that succeeded (for the scheduler's missed-backup alarm). */
  lastBackup(app: string): Promise<Manifest | undefined>;
  /** What retention would remove (and whether that needs a confirmation). */
  prunePlan(app: string): Promise<RetentionPlan<BackupEntry & { id: string; at: Date; verified: boolean }>>;
  /** Remove what retention says; `confirmed` lets a larger-than-usual prune through. */
  prune(app: string, opts: { confirmed: boolean }): Promise<{ removed: string[]; held: number }>;
  /** Summoned apps (labels, and the naming scheme for catalog apps deployed before the labels). */
  apps(): Promise<string[]>;
  findDb(app: string): Promise<DbFound | undefined>;
  /**
   * A dump while the app is stopped (update/rollback/purge stop it first): the database container is
   * started for the dump and stopped again. Resolves with the manifest, or undefined when there is no database.
   */
  dumpStopped(app: string, reason: string, reporter: Reporter): Promise<Manifest | undefined>;
}

/**
 * Server flags for the twin's load only, appended to the live command (later flags win): the twin is thrown
 * away on any failure, so crash safety during the load buys nothing. What it writes is made durable by a
 * clean shutdown (checked) and `sync -f` of its folders before the swap, and the swapped-in server starts
 * with the minion's own command, without these. Appended only to a command that is the server itself (or
 * flags for the image's entrypoint): a wrapper script's arguments are not ours to extend.
 */
export function fastLoadFlags(type: DbType, cmd: string[]): string[] {
  const first = cmd[0] ?? '';
  if (type === 'mariadb' || type === 'mysql') {
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

const PASSWORD_KEYS: Record<DbType, string[]> = {
  mariadb: ['MARIADB_PASSWORD', 'MYSQL_PASSWORD', 'MARIADB_ROOT_PASSWORD', 'MYSQL_ROOT_PASSWORD'],
  mysql: ['MYSQL_PASSWORD', 'MARIADB_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MARIADB_ROOT_PASSWORD'],
  postgres: ['POSTGRES_PASSWORD'],
  mongo: ['MONGO_INITDB_ROOT_PASSWORD'],
};

export function createBackupService(deps: BackupServiceDeps): BackupService {
  const { config, engine, catalog, jobs, log } = deps;
  const domain = config.domain;
  const now = deps.now ?? (() => new Date());
  const root = path.resolve(config.backupRoot);
  const dirOf = (app: string) => path.join(root, app);

  const notAside = (c: { name: string }) => !c.name.endsWith(ASIDE_SUFFIX);
  const target = deps.target ?? containerTarget(engine, config);
  /** The app's running units, databases first (stop them in reverse, start them in this order). */
  const runningUnits = async (app: string) => (await target.live(app)).filter((u) => !u.aside && u.running);

  async function containersOf(app: string): Promise<{ db?: ContainerInfo; app?: ContainerInfo; dbType?: DbType }> {
    const labelled = (await listContainers(engine, selector(domain, app))).filter(notAside);
    const dbL = labelled.find((c) => c.labels[LABEL.role] === 'db');
    const appL = labelled.find((c) => c.labels[LABEL.role] === 'app');
    let dbType = catalog.get(app)?.database?.type;
    let db = dbL ? await inspectContainer(engine, dbL.id) : undefined;
    if (db && !dbType) dbType = DB_TYPES.find((t) => db!.name.startsWith(`${t}-`));
    if (!db) {
      // deployed before the labels: `<dbtype>-<app>-<domain>`
      for (const t of dbType ? [dbType] : DB_TYPES) {
        db = await inspectContainer(engine, `${t}-${app}-${domain}`);
        if (db) {
          dbType = t;
          break;
        }
      }
    }
    const appC = await inspectContainer(engine, appL ? appL.id : `${app}-${domain}`);
    return { ...(db ? { db } : {}), ...(appC ? { app: appC } : {}), ...(dbType && db ? { dbType } : {}) };
  }

  async function findDb(app: string): Promise<DbFound | undefined> {
    const c = await containersOf(app);
    if (!c.db || !c.dbType) return undefined;
    return { type: c.dbType, container: c.db.name, running: c.db.state === 'running', image: c.db.imageId };
  }

  /** Who to connect as: names from the container's environment; the password from Summoner's secrets file. */
  async function targetOf(app: string, found: DbFound): Promise<DbTarget> {
    const live = await containerEnv(engine, found.container);
    if (!live) throw new SummonerError('backup.no_database', `the database container of ${app} is gone`);
    const creds = credentialsFromEnv(found.type, live.env);
    let password = creds.password;
    const spec = catalog.get(app)?.database?.environment ?? {};
    for (const key of PASSWORD_KEYS[found.type]) {
      const ref = /^\$\{(\w+)\}$/.exec(spec[key] ?? '');
      if (!ref || !(key in live.env)) continue;
      const secrets = await loadSecrets(deps.secretsDir, app);
      if (secrets[ref[1]!] !== undefined) password = secrets[ref[1]!];
      break;
    }
    if (!creds.user || !creds.database || password === undefined) {
      throw new SummonerError('backup.no_credentials', `cannot tell which user and database to dump for ${app}`, { hint: 'its database container has no user/database/password variables' });
    }
    return { app, type: found.type, container: found.container, database: creds.database, user: creds.user, password };
  }

  async function redactor(app: string): Promise<(s: string) => string> {
    // fails closed: with a damaged secrets file, nothing the app printed is shown unmasked
    const secrets = await loadSecrets(deps.secretsDir, app);
    return (s) => redact(s, secrets);
  }

  function policyOf(app: string, hasDb: boolean): { hot: boolean; cold: boolean } {
    const m = catalog.get(app);
    if (m) return { hot: m.backup.hot && hasDb, cold: m.backup.cold || (!hasDb && m.backup.hot) };
    return { hot: hasDb, cold: !hasDb };
  }

  async function previousRaw(app: string): Promise<number | undefined> {
    const list = (await listBackups(root, app)).filter((b) => b.manifest.kind === 'dump' && !isSafety(b.manifest));
    return list[list.length - 1]?.manifest.rawBytes;
  }

  async function dumpNow(app: string, found: DbFound, reason: string, reporter: Reporter, safety = false): Promise<Manifest> {
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
      onProgress: (n: number) => {
        if (n - lastShown >= 16e6) {
          lastShown = n;
          reporter.step(`${app}: ${(n / 1e6).toFixed(0)} MB ${verb}`);
        }
      },
    });
    if (catalog.get(app)?.backup.method === 'physical') {
      const rootPassword = credentialsFromEnv(found.type, (await containerEnv(engine, found.container))?.env ?? {}).rootPassword;
      if (!rootPassword) {
        throw new SummonerError('backup.no_credentials', `a physical backup of ${app} needs its server's root, and ${found.container} has no root password in its environment`, {
          hint: 'give the database a MARIADB_ROOT_PASSWORD, or back up logically (remove method: physical)',
        });
      }
      reporter.step(`${app}: physical copy of ${found.type} (${found.container}, mariadb-backup)`);
      return physicalBackup(engine, { ...t, user: 'root', password: rootPassword }, common('copied'));
    }
    reporter.step(`${app}: dumping ${found.type} (${found.container})`);
    return dumpDatabase(engine, t, {
      ...common('dumped'),
      pgReadBack: config.backup.pgReadBack,
      ...(prev ? { previousRawBytes: prev } : {}),
    });
  }

  async function coldNow(app: string, reason: string, reporter: Reporter): Promise<Manifest> {
    const t0 = Date.now();
    const running = await runningUnits(app);
    let down = 0;
    let copy;
    try {
      for (const x of [...running].reverse()) {
        reporter.step(`${app}: stopping ${x.name} for a cold copy`);
        await target.stop(x);
      }
    down = Date.now();
      reporter.step(`${app}: archiving its folders`);
      copy = await coldCopy(app, { dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot }, now());
    } finally {
      // started again at once, before anything else (offen: the deferred restart)
      await startAgain(app, running, reporter);
    }
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

  /** Start units again in the order given, each behind its health gate. */
  async function startAgain(app: string, list: (ContainerInfo | LiveUnit)[], reporter: Reporter): Promise<void> {
    const red = await redactor(app);
    for (const x of list) {
      const u = 'pin' in x ? x : containerUnit(x);
      const started = await target.resume(u);
      const spec = parseHealth(u.labels[EXTRA_LABEL.health]);
      if (spec) reporter.step(`${app}: waiting for ${u.name} to be healthy`);
      await target.waitHealthy(started, spec, red);
    }
  }

  function toResult(app: string, m: Manifest): BackupResult {
    return { app, kind: m.kind, ok: true, file: path.join(dirOf(app), m.file), bytes: m.bytes, sha256: m.sha256, durationMs: m.durationMs, flags: m.flags, ...(m.downtimeMs !== undefined ? { downtimeMs: m.downtimeMs } : {}) };
  }

  async function afterSuccess(app: string, m: Manifest, r: BackupResult, reporter: Reporter): Promise<void> {
    deps.events?.emit({ type: 'backup.done', app, kind: m.kind, bytes: m.bytes, sha256: m.sha256, durationMs: m.durationMs, file: r.file! });
    if (deps.offsite) {
      reporter.step(`${app}: copying to ${deps.offsite.name}`);
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
    const kinds: ('dump' | 'cold')[] = [...(policy.hot ? ['dump' as const] : []), ...(policy.cold ? ['cold' as const] : [])];
    for (const kind of kinds) {
      const t0 = Date.now();
      try {
        const m = kind === 'dump' ? await dumpNow(app, { type: c.dbType!, container: c.db!.name, running: c.db!.state === 'running', image: c.db!.imageId }, reason, reporter) : await coldNow(app, reason, reporter);
        const r = toResult(app, m);
        await afterSuccess(app, m, r, reporter);
        results.push(r);
        log.info({ app, kind, bytes: m.bytes, ms: m.durationMs }, 'backup done');
      } catch (err) {
        const red = await redactor(app);
        const error = red(isSummonerError(err) ? err.message : `internal error: ${(err as Error).message}`);
        results.push({ app, kind, ok: false, durationMs: Date.now() - t0, error, flags: [] });
        deps.events?.emit({ type: 'backup.failed', app, kind, error });
        log.warn({ app, kind, code: isSummonerError(err) ? err.code : 'internal' }, 'backup failed');
      }
    }
    return results;
  }

  async function backup(app: string, reporter0: Reporter, opts: { reason?: string } = {}): Promise<BackupResult[]> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `backup ${app}`, () => backupUnlocked(app, reporter, opts.reason ?? 'manual'), (t) => reporter.step(`${app}: ${t}`));
  }

  async function apps(): Promise<string[]> {
    const labelled = (await listContainers(engine, selector(domain))).map((c) => c.labels[LABEL.app]).filter((a): a is string => !!a);
    const set = new Set(labelled);
    for (const name of catalog.names()) {
      if (set.has(name)) continue;
      const m = catalog.get(name);
      const candidates = [`${name}-${domain}`, ...(m?.database ? [`${m.database.type}-${name}-${domain}`] : [])];
      for (const n of candidates) if (await inspectContainer(engine, n)) set.add(name);
    }
    return [...set].sort();
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

  async function list(app: string): Promise<BackupEntry[]> {
    return listBackups(root, app);
  }

  async function pick(app: string, which: string | undefined, kind?: 'dump'): Promise<BackupEntry> {
    const all = await list(app);
    const c = choose(all, which, kind);
    if (c.ambiguous) {
      throw new SummonerError('backup.ambiguous', `${c.ambiguous.length} backups of ${app} match ${which}: ${c.ambiguous.map(describeBackup).join('; ')}`, {
        hint: `say which one by its file name: \`restore ${app} ${c.ambiguous[0]!.manifest.file}\``,
      });
    }
    if (!c.pick) {
      const regular = all.filter((b) => !isSafety(b.manifest));
      throw new SummonerError('backup.none', regular.length ? `no backup of ${app} matches ${which}` : `${app} has no backup yet${all.length ? ' (only safety copies, picked by their file name)' : ''}`, {
        hint: all.length ? '`backups <app>` lists them' : `\`backup ${app}\` takes one`,
      });
    }
    return c.pick;
  }

  async function recordSafety(app: string, file: string, reason: string, kind: 'cold'): Promise<Manifest> {
    const st = await fs.stat(file);
    const m: Manifest = {
      version: 1,
      app,
      kind,
      file: path.basename(file),
      createdAt: st.mtime.toISOString(),
      reason,
      safety: true,
      codec: 'gzip',
      bytes: st.size,
      sha256: await sha256File(file),
      durationMs: 0,
      flags: [],
    };
    await writeManifest(manifestPath(file), m);
    return m;
  }

  /** The folders a database container keeps its data in (its writable binds under `<dbRoot>/<app>`). */
  async function dataFolders(app: string, container: string): Promise<string[]> {
    const under = path.join(path.resolve(config.dbRoot), app) + path.sep;
    const binds = (await containerBinds(engine, container)).filter((m) => !m.readOnly && path.resolve(m.source).startsWith(under));
    if (!binds.length) {
      throw new SummonerError('backup.restore_unsupported', `${container} keeps its data in no folder under ${under}: a restore built beside it cannot be swapped in`, {
        hint: `summon ${app} again (its database then lives under dbRoot), or restore by hand`,
      });
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

  /** PostgreSQL roles live in the cluster, not the dump: the fresh server gets the live one's, so GRANTs and owners restore. */
  async function copyRoles(live: DbTarget, twin: DbTarget): Promise<void> {
    const r = await execStream(engine, live.container, ['pg_dumpall', '--roles-only', '--no-role-passwords', '-h', '127.0.0.1', '-p', '5432', '-U', live.user, '--no-password'], {
      env: [`PGPASSWORD=${live.password}`],
      keepBytes: 4 << 20,
    });
    if (r.exitCode !== 0) {
      log.warn({ app: live.app, err: firstLine(r.stderr) }, 'could not copy the roles (the app user may not be a superuser)');
      return;
    }
    // roles that exist already (the app's own) make psql complain and go on: that is fine here
    await execStream(engine, twin.container, ['psql', '-h', '127.0.0.1', '-p', '5432', '-U', twin.user, '-d', twin.database, '--no-password', '-X', '-q', '-f', '-'], {
      env: [`PGPASSWORD=${twin.password}`],
      stdin: (await import('node:stream')).Readable.from([Buffer.from(r.stdout)]),
    });
  }

  /**
   * A dump restored beside the live database, then swapped in: a twin of the database container (same
   * image, environment and flags, no network) on new folders loads the dump and is checked against the
   * manifest; only then is the app stopped, the folders swapped and the database and app started behind
   * their health checks. The old folders go only after that; on any failure they are put back. Before the
   * swap nothing live is touched.
   */
  async function restoreDumpBeside(
    app: string,
    b: BackupEntry,
    c: { db: ContainerInfo; app?: ContainerInfo },
    found: DbFound,
    reporter: Reporter,
    /** Awaited just before the swap (the safety dump of the live database, taken meanwhile); throwing cancels. */
    beforeSwap: () => Promise<void>,
    opts: RestoreOptions = {},
  ): Promise<{ downtimeMs: number; checked: string; notes: string[] }> {
    const d = dumperFor(found.type);
    const folders = await dataFolders(app, found.container);
    const t = await targetOf(app, found);
    const live = await containerEnv(engine, found.container);
    const rootPassword = credentialsFromEnv(found.type, live?.env ?? {}).rootPassword;
    const hex = randomBytes(4).toString('hex');
    const tag = `restore-${stamp(now())}-${hex}`;
    const name = `summoner-restore-${app}-${hex}`;
    const twin: DbTarget = { ...t, container: name };
    // MariaDB/MySQL: root can recreate every object (views, triggers, routines of another DEFINER); the app's user cannot
    const loader: DbTarget = (found.type === 'mariadb' || found.type === 'mysql') && rootPassword ? { ...twin, user: 'root', password: rootPassword } : twin;
    const notes: string[] = [];
    if (loader.user !== t.user && b.manifest.method !== 'physical') notes.push(`loaded as root (objects of every DEFINER restore)`);
    // without root, objects of another DEFINER restore only with their DEFINER rewritten to the app's user (asked for)
    const rewrite = loader.user === t.user && opts.definersToApp && (found.type === 'mariadb' || found.type === 'mysql') ? new DefinerRewrite((a) => accountIsUser(a, t.user)) : undefined;
    if (b.manifest.lossy?.length) notes.push(`FLOAT values are as the dump printed them (6 significant digits): ${b.manifest.lossy.slice(0, 3).join(', ')}`);
    const fresh = await freshFolders(folders, tag);
    let checked: string;
    const labels = { [LABEL.managed]: 'true', [LABEL.domain]: domain, [LABEL.app]: app, [LABEL.role]: 'restore' };
    /** The dump loaded into a twin on the fresh folders and compared with the manifest; says what was checked. */
    const logicalTwin = async (): Promise<string> => {
      const fast = (cmd: string[]) => fastLoadFlags(found.type, cmd);
      reporter.step(`starting a fresh ${found.type} beside ${found.container}, with its settings (${name})`);
      // PostgreSQL: initdb without its own fsync of every file (the fresh folders are synced before the swap, below)
      const initdbArgs = live?.env.POSTGRES_INITDB_ARGS;
      await startTwinContainer(engine, {
        live: found.container,
        name,
        binds: fresh,
        labels,
        args: (cmd) => {
          const f = fast(cmd);
          // said, so that a reader knows why the twin's settings differ for the load (never the swapped-in server's)
          reporter.step(f.length ? `loading with fast-load flags, thrown away before the swap: ${f.filter((x) => x !== '-c').join(' ')}` : 'loading with its own flags only (its command is not the server itself)');
          return f;
        },
        ...(found.type === 'postgres' ? { env: [`POSTGRES_INITDB_ARGS=${initdbArgs ? `${initdbArgs} ` : ''}--no-sync`] } : {}),
      });
      await waitReady(engine, twin, 180);
      if (found.type === 'postgres') await copyRoles(t, twin);
      reporter.step(`loading ${b.manifest.file} into it (${b.manifest.rawBytes ? `${(b.manifest.rawBytes / 1e6).toFixed(0)} MB` : 'size unknown'})`);
      // MariaDB/MySQL: the rows' fingerprint is read from the stream as it loads (one pass, no re-dump of the
      // restored database); the restored tables' row counts are then checked in the database itself
      const loaded = d.fingerprint === 'dump-stream' && b.manifest.checksums ? new SqlDumpFingerprint() : undefined;
      await loadDump(engine, loader, b, [...(loaded ? [loaded] : []), ...(rewrite ? [rewrite] : [])]).catch((err: unknown) => {
        if (!rewrite && loader.user === t.user && (found.type === 'mariadb' || found.type === 'mysql') && /SUPER|SET USER|DEFINER/.test((err as Error).message)) {
          throw new SummonerError('backup.restore_failed', (err as Error).message, {
            cause: err,
            hint: `objects of another DEFINER need root to restore, and Summoner does not know the root password of ${found.container} (no MARIADB_ROOT_PASSWORD in its environment): \`restore ${app} ${b.manifest.file} --definers-to-app\` makes the app's user their definer, or give the database a root password`,
          });
        }
        throw err;
      });
      if (rewrite?.replaced.size) notes.push(`DEFINER rewritten to the app's user ${t.user} (no root password known): ${rewrite.describe()}`);
      reporter.step(b.manifest.checksums ? 'comparing its tables, row counts and checksums with the backup' : 'comparing its tables and row counts with the backup');
      let fp: Fingerprint;
      let diffs: string[];
      if (loaded) {
        const counts = await countTables(engine, name, d, twin);
        fp = Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, { rows: n, sum: '' }]));
        diffs = [...compareWithManifest(b.manifest, loaded.fingerprint()).map((x) => `as loaded, ${x}`), ...compareCounts(b.manifest.tables ?? {}, counts)];
      } else {
        fp = await fingerprintDatabase(engine, name, d, twin);
        diffs = compareWithManifest(b.manifest, fp);
      }
      if (diffs.length) throw new SummonerError('backup.restore_failed', `the restored database does not match ${b.manifest.file}: ${summarise(diffs)}`);
      const rows = Object.values(fp).reduce((a, f) => a + f.rows, 0);
      return `${Object.keys(fp).length} tables, ${rows} rows${b.manifest.checksums ? ' and their checksums' : ''} as recorded`;
    };
    try {
      checked =
        b.manifest.method === 'physical'
          ? await physicalTwin(engine, { live: found.container, name, binds: fresh, labels, backupFile: b.path, manifest: b.manifest, app: twin, step: (s) => reporter.step(s) })
          : await logicalTwin();
      await stopContainer(engine, name, 300); // a clean shutdown: the files are consistent
      // the twin loaded without its own fsyncs (fastLoadFlags): only a clean shutdown leaves its files whole
      const stopped = await inspectContainer(engine, name);
      if (stopped?.state === 'running' || (stopped && stopped.exitCode !== 0)) {
        throw new SummonerError('backup.restore_failed', `the restored database did not shut down cleanly (exit ${stopped.exitCode}), so its files cannot be trusted`);
      }
      await syncFolders([...fresh.values()]); // on disk before it counts: the fresh folders replace the live ones
      await beforeSwap();
    } catch (err) {
      await removeContainer(engine, name).catch(() => undefined);
      await removeFolders(fresh.values());
      const why = isSummonerError(err) ? err.message : `internal error: ${(err as Error).message}`;
      throw new SummonerError('backup.restore_failed', `${why}. Nothing was changed: ${app} runs on its data as before`, { cause: err, ...(isSummonerError(err) && err.hint ? { hint: err.hint } : {}) });
    }
    await removeContainer(engine, name);

    // the swap: the app is down only from here
    const appRunning = c.app && c.app.state === 'running' ? c.app : undefined;
    const down = Date.now();
    if (appRunning) {
      reporter.step(`stopping ${appRunning.name} for the swap`);
      await stopContainer(engine, appRunning.name, 30);
    }
    await stopContainer(engine, found.container, 60);
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
      reporter.step(`starting ${found.container} on the restored data`);
      await startAgain(app, [c.db], reporter);
      if (appRunning) await startAgain(app, [appRunning], reporter);
    } catch (err) {
      reporter.step(`${app} did not come back on the restored data: putting its data before back`);
      if (appRunning) await stopContainer(engine, appRunning.name, 30).catch(() => undefined);
      await stopContainer(engine, found.container, 60).catch(() => undefined);
      await putBack();
      await removeFolders(fresh.values());
      await startAgain(app, [c.db, ...(appRunning ? [appRunning] : [])], reporter).catch((e: Error) => reporter.step(`starting ${app} again failed too: ${e.message}`));
      throw new SummonerError('backup.restore_failed', `${app} did not come back healthy on the restored data (${(err as Error).message}); its data before the restore is back in place`, { cause: err });
    }
    const downtimeMs = Date.now() - down;
    await removeFolders(old.values());
    return { downtimeMs, checked, notes };
  }

  async function restore(app: string, which: string | undefined, reporter0: Reporter, opts: RestoreOptions = {}): Promise<RestoreResult> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `restore ${app}`, async () => {
      const t0 = Date.now();
      const b = await pick(app, which);
      reporter.step(`checking the checksum of ${b.manifest.file}`);
      await checkChecksum(b);
      const c = await containersOf(app);
      let safety: string | undefined;
      let swap: { downtimeMs: number; checked: string; notes: string[] } | undefined;
      if (b.manifest.kind === 'dump') {
        if (!c.db || !c.dbType) throw new SummonerError('backup.no_database', `${app} has no database container to restore into`, { hint: `\`summon ${app}\` first, then restore` });
        const found: DbFound = { type: c.dbType, container: c.db.name, running: c.db.state === 'running', image: c.db.imageId };
        // the safety dump of the live database runs while the fresh one loads (the live one is not touched until the swap)
        reporter.step('safety backup of the current state, while the backup loads beside it');
        const safetyRun = dumpNow(app, found, 'pre-restore', reporter, true).then(
          (m) => void (safety = m.file),
          (err: unknown) => {
            if (!opts.force) {
              throw new SummonerError('backup.no_safety', `no safety backup of ${app}'s current state could be taken, so nothing was restored: ${(err as Error).message}`, {
                hint: `fix that, or \`restore ${app} ${which ?? 'latest'} --force\` to restore without one`,
                cause: err,
              });
            }
            reporter.step('no safety backup (--force): going on');
          },
        );
        safetyRun.catch(() => undefined);
        try {
          swap = await restoreDumpBeside(app, b, { db: c.db, ...(c.app ? { app: c.app } : {}) }, found, reporter, () => safetyRun, opts);
        } catch (err) {
          await safetyRun.catch(() => undefined); // never leave the dump running behind a failed restore
          if (isSummonerError(err) && isSummonerError(err.cause) && err.cause.code === 'backup.no_safety') throw err.cause;
          throw err;
        }
      } else {
        const running = await runningUnits(app);
        reporter.step('safety backup of the current folders');
        for (const x of [...running].reverse()) await target.stop(x);
        try {
          const copy = await coldCopy(app, { dataRoot: config.dataRoot, dbRoot: config.dbRoot, backupRoot: config.backupRoot }, now());
          safety = (await recordSafety(app, copy.file, 'pre-restore', 'cold')).file;
          reporter.step(`putting back the folders from ${b.manifest.file}`);
          await restoreColdCopy(app, b.path, { dataRoot: config.dataRoot, dbRoot: config.dbRoot });
        } finally {
          await startAgain(app, running, reporter);
        }
      }
      reporter.step(`${app} is back as of ${b.manifest.createdAt}`);
      log.info({ app, file: b.manifest.file }, 'restored');
      return {
        app,
        file: b.manifest.file,
        kind: b.manifest.kind,
        ...(safety ? { safety } : {}),
        ms: Date.now() - t0,
        ...(swap ? { downtimeMs: swap.downtimeMs, checked: swap.checked } : {}),
        notes: swap?.notes ?? [],
      };
    }, (t) => reporter.step(t));
  }

  async function verify(app: string, which: string | undefined, reporter0: Reporter): Promise<VerifyResult> {
    const reporter = safeReporter(reporter0);
    const b = await pick(app, which, 'dump');
    const record = async (r: VerifyResult): Promise<VerifyResult> => {
      b.manifest.verified = { at: now().toISOString(), ok: r.ok, detail: r.detail };
      await writeManifest(manifestPath(b.path), b.manifest).catch(() => undefined);
      if (!r.ok) deps.events?.emit({ type: 'backup.failed', app, kind: 'verify', error: `${r.file} does not restore as recorded: ${r.detail}` });
      return r;
    };
    // the file's own checksum first: a damaged file fails without a database started for it
    reporter.step(`checking the checksum of ${b.manifest.file}`);
    const t0 = Date.now();
    try {
      await checkChecksum(b);
    } catch (err) {
      return record({ ok: false, file: b.manifest.file, detail: (err as Error).message, tables: 0, rows: 0, ms: Date.now() - t0 });
    }
    const found = await findDb(app);
    if (!found) throw new SummonerError('backup.no_database', `${app} has no database container here, so its image for the check is unknown`);
    const t = await targetOf(app, found);
    // the throw-away server runs with the live one's settings (command, flags, config files), on empty folders
    const folders = await dataFolders(app, found.container).catch(() => [] as string[]);
    const fresh = folders.length ? await freshFolders(folders, `verify-${randomBytes(4).toString('hex')}`) : undefined;
    let r: VerifyResult;
    if (b.manifest.method === 'physical') {
      // the copy unpacked, prepared and started beside the live server (its flags), checked, thrown away
      const name = `summoner-verify-${app}-${randomBytes(4).toString('hex')}`;
      try {
        if (!fresh) throw new SummonerError('backup.restore_unsupported', `${found.container} keeps its data in no folder under dbRoot: a physical copy cannot be checked beside it`);
        const detail = await physicalTwin(engine, {
          live: found.container,
          name,
          binds: fresh,
          labels: { [LABEL.managed]: 'true', [LABEL.domain]: domain, [LABEL.app]: app, [LABEL.role]: 'verify', [VERIFY_LABEL]: 'true' },
          backupFile: b.path,
          manifest: b.manifest,
          app: t,
          step: (s) => reporter.step(s),
        });
        r = { ok: true, file: b.manifest.file, detail, tables: b.manifest.tableNames?.length ?? 0, rows: 0, ms: Date.now() - t0 };
      } catch (err) {
        r = { ok: false, file: b.manifest.file, detail: (err as Error).message, tables: 0, rows: 0, ms: Date.now() - t0 };
      } finally {
        await removeContainer(engine, name).catch(() => undefined);
        if (fresh) await removeFolders(fresh.values());
      }
      return record(r);
    }
    try {
      r = await verifyBackup(engine, {
        image: found.image,
        target: { app, type: found.type, database: t.database, user: t.user },
        backup: b,
        labels: { [LABEL.managed]: 'true', [LABEL.domain]: domain, [LABEL.app]: app, [LABEL.role]: 'verify' },
        step: (s) => reporter.step(s),
        ...(fresh ? { twin: { live: found.container, binds: fresh } } : {}),
      });
    } finally {
      if (fresh) await removeFolders(fresh.values());
    }
    return record(r);
  }

  async function lastBackup(app: string): Promise<Manifest | undefined> {
    const l = (await list(app)).filter((b) => !isSafety(b.manifest));
    return l[l.length - 1]?.manifest;
  }

  async function prunePlan(app: string) {
    const items = (await list(app)).map((b) => ({ ...b, id: b.manifest.file, at: new Date(b.manifest.createdAt), verified: b.manifest.verified?.ok === true }));
    // each kind keeps its own history: a cold copy never counts for the dumps, and safety copies count for
    // nothing: they go by their own rule (kept `safetyDays`), never in place of a backup
    const regular = items.filter((i) => !isSafety(i.manifest));
    const plans = (['dump', 'cold'] as const).map((k) => planRetention(regular.filter((i) => i.manifest.kind === k), config.backup.retention));
    const cutoff = now().getTime() - config.backup.retention.safetyDays * 86_400_000;
    const safety = items.filter((i) => isSafety(i.manifest));
    return {
      keep: [...plans.flatMap((p) => p.keep), ...safety.filter((i) => i.at.getTime() >= cutoff).map((item) => ({ item, reasons: [`safety copy, kept ${config.backup.retention.safetyDays} days`] }))],
      remove: [...plans.flatMap((p) => p.remove), ...safety.filter((i) => i.at.getTime() < cutoff)],
      needsConfirmation: plans.some((p) => p.needsConfirmation),
    };
  }

  async function prune(app: string, opts: { confirmed: boolean }): Promise<{ removed: string[]; held: number }> {
    const plan = await prunePlan(app);
    if (plan.needsConfirmation && !opts.confirmed) return { removed: [], held: plan.remove.length };
    const removed: string[] = [];
    for (const b of plan.remove) {
      await fs.rm(manifestPath(b.path), { force: true });
      await fs.rm(b.path, { force: true });
      removed.push(b.manifest.file);
    }
    if (removed.length) log.info({ app, removed }, 'pruned');
    return { removed, held: 0 };
  }

  async function dumpStopped(app: string, reason: string, reporter: Reporter): Promise<Manifest | undefined> {
    const c = await containersOf(app);
    if (!c.db || !c.dbType) return undefined;
    const wasRunning = c.db.state === 'running';
    if (!wasRunning) {
      reporter.step(`starting ${c.db.name} for a dump`);
      await startAgain(app, [c.db], reporter);
    }
    try {
      const m = await dumpNow(app, { type: c.dbType, container: c.db.name, running: true, image: c.db.imageId }, reason, reporter, true);
      deps.events?.emit({ type: 'backup.done', app, kind: 'dump', bytes: m.bytes, sha256: m.sha256, durationMs: m.durationMs, file: path.join(dirOf(app), m.file) });
      return m;
    } finally {
      if (!wasRunning) await stopContainer(engine, c.db.name, 30);
    }
  }

  return { backup, backupAll, list, choose: pick, recordSafety, restore, verify, lastBackup, prunePlan, prune, apps, findDb, dumpStopped };
}
