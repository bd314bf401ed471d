// The one deploy lifecycle: summon, dismiss, update, rollback, restart, recovery of summons cut short, and
// the stop/start a cold backup needs, written once over a DeployTarget (./target.ts). What is done when, what
// is backed up and what is put back is decided here; the targets only touch engine objects. Rules kept:
// - nothing is destroyed before its replacement is healthy (a swap holds the old units until then);
// - a failed summon removes what it created (data kept); if the engine is gone, the journal has it removed
//   when the engine answers again;
// - a failed swap puts the data and the old units back, behind their health gate, and says so.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Chown } from '../engine/chown.js';
import { assertAppPaths } from '../engine/mount-guard.js';
import { EXTRA_LABEL } from '../engine/labels.js';
import type { Config } from '../../config/schema.js';
import { publicUrl } from '../catalog/public-url.js';
import { SummonerError, isSummonerError } from '../../errors.js';
import { lookupMinion } from '../catalog/load.js';
import { checkVersion as checkTagOrThrow, unitsBefore } from '../catalog/plan.js';
import { JobQueue } from '../jobs.js';
import { createRecovery, DeployJournal, type DeployJournalEntry } from '../journal.js';
import { majorOf, preflight, type PreflightProbes } from '../preflight.js';
import { listTags, parseImageRef, versionsReport, type RegistryCredentials, type VersionsReport } from '../registry.js';
import { parseHealth, safeReporter, said, type Reporter } from '../reporting.js';
import { ensureSecrets, loadSecrets, redact, removeSecrets, type SecretValues } from '../secrets.js';
import { LABEL, type ContainerPlan, type DeployPlan, type Minion } from '../types.js';
import type { EventBus } from '../events.js';
import type { BackupHook, BackupRef, CatalogView, DeployHooks, PlanDeploy } from '../ports/deploy.js';
import type { Log as CoreLog } from '../ports/log.js';
import type { DeployTarget, HeldUnits, LiveUnit, StartedUnit } from './target.js';

export type { BackupHook, BackupRef, CatalogView, DeployHooks, PlanDeploy } from '../ports/deploy.js';
export type { Log as CoreLog } from '../ports/log.js';

export interface LifecycleDeps {
  config: Config;
  target: DeployTarget;
  catalog: CatalogView;
  planDeploy: PlanDeploy;
  secretsDir: string;
  backupHook: BackupHook;
  hooks?: DeployHooks;
  log: CoreLog;
  probes: PreflightProbes;
  jobs?: JobQueue;
  journalDir?: string;
  engineReturnWaitMs?: number;
  chown?: Chown;
  events?: EventBus;
  registryCredentials?: Record<string, RegistryCredentials>;
  fetch?: typeof fetch;
  /** Before planning a summon or an update: services built from the minion's folder (`build:`) get their
   * image, tagged by their context's hash (src/core/build-minion.ts; the containers target gives it). */
  prepareMinion?: (minion: Minion, reporter: Reporter) => Promise<Minion>;
}

export type SummonResult =
  | { status: 'summoned'; app: string; url: string; version: string; containers: string[]; ms: number }
  | { status: 'already'; app: string; url?: string; version: string; requested?: string };

export interface DismissResult {
  app: string;
  removed: string[];
  networks: string[];
  purged: boolean;
  backup?: BackupRef;
}

export type UpdateResult =
  | { status: 'updated'; app: string; from: string; to: string; backup?: BackupRef; ms: number }
  | { status: 'current'; app: string; version: string };

export type UpdatePlan = { status: 'current'; version: string } | { status: 'change'; from: string; to: string };

export interface RollbackResult {
  app: string;
  from: string;
  to: string;
  restoredFrom?: string;
  ms: number;
}

export interface Lifecycle {
  summon(app: string, version: string | undefined, reporter: Reporter): Promise<SummonResult>;
  dismiss(app: string, opts: { purge: boolean }, reporter: Reporter): Promise<DismissResult>;
  /** Throws (minion.not_summoned) when a dismiss would have nothing to act on; the engine unreachable throws too. */
  checkDismiss(app: string, opts: { purge: boolean }): Promise<void>;
  /** The versions an update would go between, or that it has nothing to do; throws what it would meet first. */
  planUpdate(app: string, version: string | undefined, opts: { force: boolean }): Promise<UpdatePlan>;
  /** The versions a rollback would go between and the pre-update backup it would put back; throws what it would meet first. */
  planRollback(app: string): Promise<{ from: string; to: string; backup?: string }>;
  restart(app: string, reporter: Reporter): Promise<{ app: string; ms: number }>;
  versions(app: string): Promise<VersionsReport>;
  update(app: string, version: string | undefined, opts: { force: boolean }, reporter: Reporter): Promise<UpdateResult>;
  rollback(app: string, reporter: Reporter): Promise<RollbackResult>;
  /** Finish the cleanup of summons cut short (engine or bot gone mid-way); returns the apps cleaned. */
  recover(): Promise<string[]>;
  /** Cold backups: stop the app's units (app first, then its databases); returns the ones stopped. */
  stopForBackup(app: string, reporter: Reporter): Promise<LiveUnit[]>;
  /** Start them again (databases first), each behind its health gate. */
  startAfterBackup(app: string, units: LiveUnit[], reporter: Reporter): Promise<void>;
  readonly jobs: JobQueue;
  readonly target: DeployTarget;
}

const tagOf = (image: string) => parseImageRef(image).tag;
const versionOf = (u: LiveUnit) => u.labels[LABEL.version] ?? tagOf(u.image);
const why = (err: unknown) => (isSummonerError(err) ? `${err.code}: ${err.message}` : String((err as Error)?.message ?? err));

export function createLifecycle(deps: LifecycleDeps): Lifecycle {
  const { config, target, catalog, planDeploy, secretsDir, backupHook, log, probes } = deps;
  const jobs = deps.jobs ?? new JobQueue();
  const journal = new DeployJournal(deps.journalDir ?? path.join(config.stateDir, target.journalName));
  const roots = [config.dataRoot, config.dbRoot];
  const mode = target.kind;

  const minionOf = (app: string): Minion => lookupMinion(catalog, app);
  const checkVersion = (version: string | undefined) => void (version !== undefined && checkTagOrThrow(version));
  // fails closed: a damaged secrets file stops what would show the app's output, rather than show it unmasked
  const redactorOf = async (app: string) => {
    const secrets = await loadSecrets(secretsDir, app);
    return (t: string) => redact(t, secrets);
  };
  const current = async (app: string) => (await target.live(app)).filter((u) => !u.aside);
  // a web unit beyond the first carries its own address (status shows every one)
  const urlOf = (plan: DeployPlan, c: ContainerPlan) => (c.role === 'web' && c.env.VIRTUAL_HOST ? publicUrl(config, c.env.VIRTUAL_HOST) : plan.url);
  const extraLabels = (plan: DeployPlan, c: ContainerPlan) => ({ [EXTRA_LABEL.url]: urlOf(plan, c), [EXTRA_LABEL.health]: JSON.stringify(c.health) });

  // ---- folders ------------------------------------------------------------------------------------

  /**
   * Bind-mount sources under the data roots, owned as the image needs; then the files the plan carries. Returns
   * the folders that did not exist before (see `fresh` in the journal).
   */
  async function makeFolders(plan: DeployPlan): Promise<string[]> {
    assertAppPaths(plan.app, roots, [...plan.folders, ...(plan.files ?? []).map((f) => f.path)]);
    const created: string[] = [];
    for (const f of plan.folders) {
      const dir = path.resolve(f);
      if (!(await fs.stat(dir).then(() => true, () => false))) created.push(dir);
      await fs.mkdir(dir, { recursive: true });
      const owner = plan.folderOwners?.[f];
      if (owner) await chownQuiet(dir, owner);
    }
    for (const file of plan.files ?? []) {
      const dest = path.resolve(file.path);
      if (!plan.folders.some((f) => dest.startsWith(path.resolve(f) + path.sep))) {
        throw new SummonerError('plan.bad_file', `a generated file would land outside ${plan.app}'s folders`);
      }
      await fs.mkdir(path.dirname(dest), { recursive: true });
      // written whole then renamed: a unit never reads half a file; content is never logged
      const tmp = `${dest}.summoner-tmp`;
      await fs.writeFile(tmp, file.content, { mode: file.mode });
      await fs.chmod(tmp, file.mode);
      if (file.owner) await chownQuiet(tmp, file.owner);
      await fs.rename(tmp, dest);
    }
    return created;
  }

  /** Does this unit mount the folder (or something in it)? */
  const mounts = (c: DeployPlan['containers'][number], dir: string) => c.mounts.some((m) => path.resolve(m.source) === dir || path.resolve(m.source).startsWith(dir + path.sep));

  /**
   * Remove the folders a failed summon created and no unit ever started healthy on (the journal's `fresh`):
   * a database killed in its first initialisation leaves files its next start refuses ("data structure
   * corruption"), and there is no data in them to keep. Checked under the app's roots first; a folder that
   * cannot be removed is said in the log and left.
   */
  async function removeFresh(app: string, fresh: readonly string[]): Promise<void> {
    for (const dir of fresh) {
      try {
        assertAppPaths(app, roots, [dir]);
        await fs.rm(dir, { recursive: true, force: true });
      } catch (err) {
        log.warn({ app, folder: dir, err: (err as Error).message }, 'cleanup: could not remove a folder the failed summon had created');
      }
    }
  }

  async function chownQuiet(p: string, owner: { uid: number; gid: number }): Promise<void> {
    await fs.chown(p, owner.uid, owner.gid).catch(async (err: NodeJS.ErrnoException) => {
      // not root (Summoner's own container runs as `node`): the engine does it, when it can
      if (err.code === 'EPERM' && deps.chown) return deps.chown(p, owner);
      // otherwise the folder keeps our owner; images that start as root fix it themselves, others may not
      log.warn({ path: p, uid: owner.uid, code: err.code }, 'could not hand the folder to the image user');
    });
  }

  // ---- pieces -------------------------------------------------------------------------------------

  /**
   * Start the plan's units, each behind its health gate, each as soon as what it waits for passed its own gate
   * (`unitsBefore`), not one after another: a minion's independent services start together, as with compose.
   * Records each unit as soon as it is asked for. On the first failure nothing more starts, the gates in flight
   * are called off, and once every unit asked for is settled (recorded, so cleanup finds it) that error is thrown.
   */
  async function bringUp(
    plan: DeployPlan,
    reporter: Reporter,
    started: StartedUnit[],
    redactor: (t: string) => string,
    /** `labels` and `overrides` go by unit name: a minion may run several units of one role. */
    opts: {
      prepared?: unknown;
      labels?: (unit: string) => Record<string, string>;
      overrides?: Record<string, string>;
      /** A unit passed its gate (healthy, or its job exited 0); called one at a time. */
      onGate?: (c: DeployPlan['containers'][number]) => Promise<void>;
    } = {},
  ): Promise<void> {
    const stop = new AbortController();
    const waitsFor = unitsBefore(plan);
    const gates = new Map<string, Promise<void>>();
    let gateNotes = Promise.resolve();
    const bringOne = async (c: DeployPlan['containers'][number]): Promise<void> => {
      if (stop.signal.aborted) return;
      const name = target.unitName(c);
      reporter.step(...said(target.startKey, [name]));
      // recorded before the call: a unit half-created when the engine fails is still cleaned up
      const at = started.push({ name }) - 1;
      const override = opts.overrides?.[name];
      started[at] = await target.start(plan, c, {
        labels: { ...extraLabels(plan, c), ...(opts.labels?.(name) ?? {}) },
        ...(override ? { imageOverride: override } : {}),
        ...(opts.prepared !== undefined ? { prepared: opts.prepared } : {}),
      });
      if (c.oneShot) {
        // a job (migration, init): what depends on it starts only once it has exited 0
        reporter.step(...said('waitFinish', [name]));
        await target.waitDone(started[at]!, c.health.timeoutS, redactor, stop.signal);
      } else {
        reporter.step(...said('waitHealthy', [name]));
        await target.waitHealthy(started[at]!, c.health, redactor, stop.signal);
      }
      const note = gateNotes.then(() => opts.onGate?.(c));
      gateNotes = note.catch(() => undefined);
      await note;
    };
    let first: { err: unknown } | undefined;
    // plan.containers is in start order (every unit after what it waits for), so each gate it awaits exists
    for (const c of plan.containers) {
      const before = (waitsFor.get(c.name) ?? []).map((n) => gates.get(n)!);
      const gate = Promise.all(before).then(() => bringOne(c));
      gate.catch((err: unknown) => {
        first ??= { err };
        stop.abort();
      });
      gates.set(c.name, gate);
    }
    await Promise.allSettled(gates.values());
    if (first) throw first.err;
  }

  /** Remove units (reverse order) and networks, then tidy; logs and returns what could not be removed. */
  async function removeAll(app: string, units: string[], networks: string[]): Promise<string[]> {
    const failed: string[] = [];
    for (const n of [...units].reverse()) {
      try {
        await target.remove(n);
      } catch (err) {
        failed.push(n);
        log.warn({ unit: n, code: isSummonerError(err) ? err.code : 'unknown' }, 'cleanup: could not remove');
      }
    }
    for (const n of [...networks].reverse()) {
      try {
        await target.removeNetwork(n);
      } catch (err) {
        failed.push(n);
        log.warn({ network: n, code: isSummonerError(err) ? err.code : 'unknown' }, 'cleanup: could not remove network');
      }
    }
    await target.tidy(app).catch((err: unknown) => {
      failed.push('tidy');
      log.warn({ app, code: isSummonerError(err) ? err.code : 'unknown' }, 'cleanup: could not tidy');
    });
    return failed;
  }

  async function putBackHealthy(held: HeldUnits, redactor: (t: string) => string): Promise<void> {
    for (const s of await target.putBack(held)) {
      const u = held.units.find((x) => x.name === s.name);
      await target.waitHealthy(s, parseHealth(u?.labels[EXTRA_LABEL.health]), redactor);
    }
  }

  // ---- summon -------------------------------------------------------------------------------------

  async function summon(app: string, version: string | undefined, reporter0: Reporter): Promise<SummonResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    checkVersion(version);
    return jobs.run(app, `summon ${app}`, async () => {
      const t0 = Date.now();
      await target.ready();
      const live = await target.live(app);
      const cur = live.filter((u) => !u.aside);
      const appU = cur.find((u) => u.role === 'app');
      if (appU && cur.every((u) => u.running || u.role === 'job') && (await target.healthyNow(appU))) {
        const v = versionOf(appU);
        const url = appU.labels[EXTRA_LABEL.url];
        return { status: 'already', app, version: v, ...(url ? { url } : {}), ...(version && version !== v ? { requested: version } : {}) };
      }
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      const ready = deps.prepareMinion ? await deps.prepareMinion(minion, reporter) : minion;
      const plan = planDeploy(ready, { config, ...(version ? { version } : {}), secrets });
      reporter.step(...said('preflight'));
      await preflight({ plan, minion, roots, ownContainers: live.map((u) => u.name) }, probes);
      await target.checkPlan(plan);
      if (live.length) {
        reporter.step(...said('leftover', [app]));
        for (const u of [...live].reverse()) await target.stop(u).catch(() => undefined);
        const failed = await removeAll(app, live.map((u) => u.name), []);
        if (failed.length) throw new SummonerError('engine.error', `could not remove the old ${mode === 'swarm' ? 'services' : 'containers'} of ${app}`);
      }
      const names = target.namesOf(plan);
      const entry: DeployJournalEntry = { app, containers: names.units, networks: names.networks, startedAt: new Date().toISOString() };
      await journal.write(entry);
      const started: StartedUnit[] = [];
      const createdNets: string[] = [];
      try {
        // pulled first: a missing image is `image.missing` before anything exists
        await target.pull(plan, reporter);
        createdNets.push(...(await target.ensureNetworks(plan)));
        entry.fresh = await makeFolders(plan);
        if (entry.fresh.length) await journal.write(entry);
        const prepared = await target.prepare(plan, secrets);
        // a folder some unit got healthy on may hold data from then on: it is no longer fresh
        const onGate = async (c: DeployPlan['containers'][number]) => {
          const left = (entry.fresh ?? []).filter((dir) => !mounts(c, dir));
          if (left.length === entry.fresh?.length) return;
          entry.fresh = left;
          await journal.write(entry);
        };
        await bringUp(plan, reporter, started, (t) => redact(t, secrets), { prepared, onGate });
        await deps.hooks?.afterReady?.(plan, reporter);
      } catch (err) {
        reporter.step(...said('failedCleanup', [app], { cleanup: true }));
        const failed = await removeAll(app, started.map((s) => s.name), createdNets);
        if (!failed.length) {
          // only once no unit holds them
          await removeFresh(app, entry.fresh ?? []);
          await journal.clear(app);
        }
        else if (isSummonerError(err) && err.code === 'engine.unreachable') {
          reporter.step(`the engine is gone: ${app}'s ${mode === 'swarm' ? 'services' : 'containers'} will be removed as soon as it answers again (data kept)`);
          recovery.whenEngineReturns(entry);
        } else log.warn({ app, left: failed }, 'summon cleanup incomplete; the next summon or start removes the rest');
        log.warn({ app, code: isSummonerError(err) ? err.code : 'internal', mode }, 'summon failed');
        throw err;
      }
      await target.tidy(app).catch(() => undefined); // secrets replaced since an earlier deploy
      await journal.clear(app);
      reporter.step(...said('ready', [app, plan.url]));
      log.info({ app, version: plan.version, ms: Date.now() - t0, mode }, 'summoned');
      deps.events?.emit({ type: 'minion.summoned', app, url: plan.url, version: plan.version });
      return { status: 'summoned', app, url: plan.url, version: plan.version, containers: names.units, ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  // ---- cleanup of summons cut short -----------------------------------------------------------------

  /** Remove what a journaled summon created (units, its private networks); data is never touched. */
  async function cleanupEntry(e: DeployJournalEntry): Promise<void> {
    const failed = await removeAll(e.app, e.containers, e.networks);
    if (failed.length) throw new SummonerError('engine.error', `could not remove ${failed.join(', ')}`);
    const fresh = (e.fresh ?? []).filter((f) => typeof f === 'string');
    await removeFresh(e.app, fresh);
    await journal.clear(e.app);
    log.info({ app: e.app, units: e.containers, folders: fresh.length, mode }, 'removed what an interrupted summon had created');
  }

  const recovery = createRecovery({
    journal,
    jobs,
    log,
    ping: () => target.ping(),
    cleanup: cleanupEntry,
    ...(deps.engineReturnWaitMs !== undefined ? { waitMs: deps.engineReturnWaitMs } : {}),
  });

  // ---- dismiss ------------------------------------------------------------------------------------

  async function hasDataOf(app: string): Promise<boolean> {
    return (await Promise.all(roots.map((r) => fs.stat(path.resolve(r, app)).then(() => true, () => false)))).some(Boolean);
  }

  /** Refuses a dismiss with nothing to act on: no container, network or leftover of the app, and no data to purge. */
  function refuseEmptyDismiss(app: string, purge: boolean, found: { live: number; networks: number; others: boolean; data: boolean }): void {
    if (found.live || found.networks || found.others || (purge && found.data)) return;
    throw new SummonerError('minion.not_summoned', `${app} is not summoned here${found.data ? '' : ', and it has no data here'}`, {
      hint: found.data ? `its data is kept: \`dismiss ${app} --purge\` deletes it, \`summon ${app}\` brings it back` : 'see `status`',
    });
  }

  // Checked before a "yes" is asked for: a purge with data has work to do whatever runs; anything else asks the engine.
  async function checkDismiss(app: string, opts: { purge: boolean }): Promise<void> {
    const data = await hasDataOf(app);
    if (opts.purge && data) return;
    const [live, left] = await Promise.all([target.live(app), target.leftovers(app)]);
    refuseEmptyDismiss(app, opts.purge, { live: live.length, networks: left.networks.length, others: !!left.others, data });
  }

  async function dismiss(app: string, opts: { purge: boolean }, reporter0: Reporter): Promise<DismissResult> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `dismiss ${app}`, async () => {
      const live = await target.live(app);
      const left = await target.leftovers(app);
      const hasData = await hasDataOf(app);
      refuseEmptyDismiss(app, opts.purge, { live: live.length, networks: left.networks.length, others: !!left.others, data: hasData });
      await deps.hooks?.beforeDismiss?.(app, reporter);
      // stop the app first, then its database: a clean shutdown, and a consistent cold copy
      for (const u of [...live].reverse()) {
        reporter.step(...said('stopping', [u.name]));
        await target.stop(u);
      }
      let backup: BackupRef | undefined;
      if (opts.purge && hasData) {
        reporter.step(...said('finalBackup', [app]));
        try {
          backup = await backupHook.backup(app, 'purge', reporter);
        } catch (err) {
          throw new SummonerError('backup.unavailable', `no final backup of ${app} could be taken, so nothing was deleted (${mode === 'swarm' ? 'services are scaled to 0' : 'containers are stopped'})`, {
            hint: 'fix the backup, then dismiss --purge again; `summon` brings it back meanwhile',
            cause: err,
          });
        }
      }
      const removed: string[] = [];
      for (const u of [...live].reverse()) {
        reporter.step(...said('removing', [u.name]));
        if (await target.remove(u.name)) removed.push(u.name);
      }
      const networks: string[] = [];
      for (const n of left.networks) if (await target.removeNetwork(n)) networks.push(n);
      await target.tidy(app);
      if (opts.purge) {
        reporter.step(...said('deletingData', [app]));
        for (const r of roots) await fs.rm(path.resolve(r, app), { recursive: true, force: true });
        await removeSecrets(secretsDir, app);
        await target.forgetData?.(app);
      }
      log.info({ app, removed, purged: opts.purge, mode }, 'dismissed');
      deps.events?.emit({ type: 'minion.dismissed', app, purged: opts.purge });
      return { app, removed, networks, purged: opts.purge, ...(backup ? { backup } : {}) };
    }, (text) => reporter.step(text));
  }

  // ---- restart, and the stop/start of cold backups -------------------------------------------------

  async function restart(app: string, reporter0: Reporter): Promise<{ app: string; ms: number }> {
    const reporter = safeReporter(reporter0);
    return jobs.run(app, `restart ${app}`, async () => {
      const t0 = Date.now();
      const live = await current(app);
      if (!live.length) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`);
      const redactor = await redactorOf(app);
      // a job ran once at summon; a restart does not run it again
      for (const u of live.filter((x) => x.role !== 'job')) {
        reporter.step(...said('restarting', [u.name]));
        const s = u.running ? await target.restart(u) : await target.resume(u);
        reporter.step(...said('waitHealthy', [u.name]));
        await target.waitHealthy(s, parseHealth(u.labels[EXTRA_LABEL.health]), redactor);
      }
      return { app, ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  async function stopForBackup(app: string, reporter: Reporter): Promise<LiveUnit[]> {
    const live = (await current(app)).filter((u) => u.running);
    for (const u of [...live].reverse()) {
      reporter.step(...said('stopping', [u.name]));
      await target.stop(u);
    }
    return live;
  }

  async function startAfterBackup(app: string, units: LiveUnit[], reporter: Reporter): Promise<void> {
    const redactor = await redactorOf(app);
    const errors: unknown[] = [];
    // every unit is started even if one fails: a backup never leaves an app half down by giving up early
    for (const u of units) {
      try {
        reporter.step(...said('starting', [u.name]));
        const s = await target.resume(u);
        await target.waitHealthy(s, parseHealth(u.labels[EXTRA_LABEL.health]), redactor);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length) throw new SummonerError('engine.error', `${errors.length} units of ${app} did not start again after the backup`, { cause: new AggregateError(errors) });
  }

  // ---- versions / update / rollback ---------------------------------------------------------------

  async function versions(app: string): Promise<VersionsReport> {
    const minion = minionOf(app);
    const appU = (await current(app).catch(() => [])).find((u) => u.role === 'app');
    const pinned = appU?.labels[LABEL.version] ?? minion.web.tag;
    const ref = parseImageRef(`${minion.web.image}:${pinned}`);
    const tags = await listTags(ref, { ...(deps.registryCredentials ? { credentials: deps.registryCredentials } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    return versionsReport(ref, tags, pinned);
  }

  /**
   * Swap the live units for those of `plan`: hold the old, stop them (app first), back up, set them aside,
   * optionally put data back from `restoreFrom`, bring up the new behind the health gate. Success releases
   * the old; failure removes the new, restores the data from the backup just taken, puts the old back and
   * starts it behind its gate. Caddy's "build the new, then swap; keep the old on failure".
   */
  async function swap(
    app: string,
    live: LiveUnit[],
    plan: DeployPlan,
    reporter: Reporter,
    opts: {
      reason: 'update' | 'rollback';
      force: boolean;
      overrides?: Record<string, string>;
      /** by unit name */
      labels?: (unit: string, backup: BackupRef | undefined) => Record<string, string>;
      restoreFrom?: BackupRef;
      secrets: SecretValues;
    },
  ): Promise<BackupRef | undefined> {
    const redactor = (t: string) => redact(t, opts.secrets);
    const held = await target.hold(live);
    // (when nothing was changed yet: the old units started again behind their gates, a failure to do so only logged)
    const startOldAgain = () => putBackHealthy(held, redactor).catch((e: unknown) => log.warn({ app, code: isSummonerError(e) ? e.code : 'unknown' }, 'could not start the old units again'));
    try {
      for (const u of [...live].reverse()) {
        reporter.step(...said('stopping', [u.name]));
        await target.stop(u);
      }
    } catch (err) {
      // a unit that would not stop (a Swarm task whose node never reported it stopped) must not leave the app
      // down: nothing was changed yet, so the old units are started again and the update is refused
      await startOldAgain();
      throw new SummonerError('update.not_stopped', `${app} could not be stopped for the ${opts.reason} (${why(err)}); nothing was changed`, {
        hint: 'try again in a while; `status` shows what runs',
        cause: err,
      });
    }
    let backup: BackupRef | undefined;
    try {
      backup = await backupHook.backup(app, opts.reason, reporter);
    } catch (err) {
      if (!opts.force) {
        reporter.step(...said('noBackupRestart', [app]));
        await startOldAgain();
        throw new SummonerError('backup.unavailable', `no backup available for ${app}, so it was not ${opts.reason === 'update' ? 'updated' : 'rolled back'}`, {
          hint: opts.reason === 'update' ? 'fix the backup first, or `update --force` to go on without one' : 'fix the backup first',
          cause: err,
        });
      }
      reporter.step('no backup available; going on without one (--force)');
    }
    const started: StartedUnit[] = [];
    try {
      await target.setAside(held);
      if (opts.restoreFrom) await backupHook.restore(app, opts.restoreFrom, reporter);
      await target.ensureNetworks(plan);
      await makeFolders(plan);
      const prepared = await target.prepare(plan, opts.secrets);
      await bringUp(plan, reporter, started, redactor, {
        prepared,
        labels: (unit) => opts.labels?.(unit, backup) ?? {},
        ...(opts.overrides ? { overrides: opts.overrides } : {}),
      });
    } catch (err) {
      reporter.step(...said('failedRollingBack', [opts.reason, app]));
      try {
        await target.discard(started, held, plan.containers.map((c) => target.unitName(c)));
        if (backup && (started.length || opts.restoreFrom)) await backupHook.restore(app, backup, reporter);
        await putBackHealthy(held, redactor);
      } catch (err2) {
        throw new SummonerError('update.rollback_failed', `${opts.reason} of ${app} failed, and so did putting the old version back`, {
          hint: `${mode === 'swarm' ? '`docker service rollback` may help' : 'the old containers may be named *-prev'}; the backup is ${backup ? path.basename(backup.file) : 'missing'}`,
          cause: new AggregateError([err, err2]),
        });
      }
      throw new SummonerError('update.rolled_back', `${opts.reason} of ${app} failed (${why(err)}); the previous version runs again, with its data`, {
        hint: 'read the logs of the failed start; nothing was lost',
        cause: err,
      });
    }
    await target.release(held).catch((err: unknown) => log.warn({ app, code: isSummonerError(err) ? err.code : 'unknown' }, 'could not remove the old units'));
    return backup;
  }

  // ---- checks before a "yes" is asked for: what the update or rollback would meet first, read-only ----------

  /** The app's own unit among its live units; an app without one is not summoned (update, rollback and their checks). */
  function appUnitOf(app: string, live: readonly LiveUnit[]): LiveUnit {
    const appU = live.find((u) => u.role === 'app');
    if (!appU) throw new SummonerError('minion.not_summoned', `${app} is not summoned here`, { hint: `\`summon ${app}\` first` });
    return appU;
  }
  const liveAppUnit = async (app: string): Promise<LiveUnit> => appUnitOf(app, await current(app));

  async function planUpdate(app: string, version: string | undefined, opts: { force: boolean }): Promise<UpdatePlan> {
    const minion = minionOf(app);
    checkVersion(version);
    const from = versionOf(await liveAppUnit(app));
    const to = version ?? minion.web.tag;
    return to === from && !opts.force ? { status: 'current', version: from } : { status: 'change', from, to };
  }

  async function planRollback(app: string): Promise<{ from: string; to: string; backup?: string }> {
    minionOf(app);
    const appU = await liveAppUnit(app);
    const to = appU.labels[EXTRA_LABEL.rollbackVersion];
    if (!to) throw new SummonerError('rollback.none', `${app} has no earlier version to go back to`, { hint: 'rollback undoes the last update' });
    const backup = appU.labels[EXTRA_LABEL.rollbackBackup];
    return { from: versionOf(appU), to, ...(backup ? { backup: path.basename(backup) } : {}) };
  }

  async function update(app: string, version: string | undefined, opts: { force: boolean }, reporter0: Reporter): Promise<UpdateResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    checkVersion(version);
    return jobs.run(app, `update ${app}`, async () => {
      const t0 = Date.now();
      await target.ready();
      const live = await current(app);
      const appU = appUnitOf(app, live);
      const from = versionOf(appU);
      const to = version ?? minion.web.tag;
      if (to === from && !opts.force) return { status: 'current', app, version: from };
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      const ready = deps.prepareMinion ? await deps.prepareMinion(minion, reporter) : minion;
      const plan = planDeploy(ready, { config, version: to, secrets });
      // the main database (a minion's other databases are checked by their own images' tags, not here)
      const dbNew = plan.containers.find((c) => c.role === 'db' && c.aliases[0] === minion.database?.service);
      const dbLive = dbNew ? live.find((u) => u.name === target.unitName(dbNew)) : undefined;
      if (dbLive && dbNew) {
        const a = majorOf(versionOf(dbLive));
        const b = majorOf(tagOf(dbNew.image));
        if (a !== undefined && b !== undefined && a !== b) {
          throw new SummonerError('update.db_major_jump', `${app}'s database would go from major ${a} to ${b}: Summoner does not do that in place`, {
            hint: 'back up, then migrate the database by hand (dump and restore)',
          });
        }
      }
      reporter.step(...said('preflight'));
      await preflight({ plan, minion, roots, ownContainers: live.map((u) => u.name) }, probes);
      await target.checkPlan(plan);
      // pull before stopping anything: a missing image costs no downtime
      await target.pull(plan, reporter);
      // what a rollback runs again, per unit (two workers of one role may run two images)
      const pins = new Map(live.map((u) => [u.name, u.pin]));
      const backup = await swap(app, live, plan, reporter, {
        reason: 'update',
        force: opts.force,
        secrets,
        labels: (unit, b) => ({
          [EXTRA_LABEL.rollbackVersion]: from,
          ...(pins.get(unit) ? { [EXTRA_LABEL.rollbackImage]: pins.get(unit)! } : {}),
          ...(b ? { [EXTRA_LABEL.rollbackBackup]: b.file } : {}),
        }),
      });
      reporter.step(...said('runsNow', [app, to, from]));
      log.info({ app, from, to, mode }, 'updated');
      return { status: 'updated', app, from, to, ...(backup ? { backup } : {}), ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  async function rollback(app: string, reporter0: Reporter): Promise<RollbackResult> {
    const reporter = safeReporter(reporter0);
    const minion = minionOf(app);
    return jobs.run(app, `rollback ${app}`, async () => {
      const t0 = Date.now();
      await target.ready();
      const live = await current(app);
      const appU = appUnitOf(app, live);
      const to = appU.labels[EXTRA_LABEL.rollbackVersion];
      if (!to) throw new SummonerError('rollback.none', `${app} has no earlier version to go back to`, { hint: 'rollback undoes the last update' });
      const from = versionOf(appU);
      const secrets = await ensureSecrets(secretsDir, app, minion.variables);
      const plan = planDeploy(minion, { config, version: to, secrets });
      // the exact images the update replaced
      const overrides: Record<string, string> = {};
      for (const u of live) {
        const pin = u.labels[EXTRA_LABEL.rollbackImage];
        if (pin) overrides[u.name] = pin;
      }
      const file = appU.labels[EXTRA_LABEL.rollbackBackup];
      const restoreFrom = file && (await fs.stat(file).then(() => true, () => false)) ? { file, kind: 'cold' } : undefined;
      if (!restoreFrom) reporter.step(...said('noPreUpdateBackup'));
      await target.pull(plan, reporter, overrides);
      await swap(app, live, plan, reporter, { reason: 'rollback', force: false, overrides, secrets, ...(restoreFrom ? { restoreFrom } : {}) });
      reporter.step(...said('runsAgain', [app, to, from]));
      log.info({ app, from, to, mode }, 'rolled back');
      return { app, from, to, ...(restoreFrom ? { restoredFrom: restoreFrom.file } : {}), ms: Date.now() - t0 };
    }, (text) => reporter.step(text));
  }

  return {
    summon,
    dismiss,
    checkDismiss,
    planUpdate,
    planRollback,
    restart,
    versions,
    update,
    rollback,
    recover: () => recovery.recover(),
    stopForBackup,
    startAfterBackup,
    jobs,
    target,
  };
}
