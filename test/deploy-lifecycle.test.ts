// The one deploy lifecycle (src/core/deploy/lifecycle.ts) on the recording fake target: every failure path
// (pull fails, health gate fails, engine lost mid-way, backup fails, putting the old version back fails),
// what is left running, what is said, and that nothing is destroyed before its replacement is healthy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configSchema, type Config } from '../src/config/schema.js';
import { createLifecycle, type BackupHook, type BackupRef, type Lifecycle } from '../src/core/deploy/lifecycle.js';
import { EXTRA_LABEL } from '../src/core/engine/labels.js';
import type { PreflightProbes } from '../src/core/preflight.js';
import { SummonerError, isSummonerError } from '../src/errors.js';
import { FakeTarget, engineLost, unhealthy } from './helpers/fake-target.js';
import { catalogOf, handPlan, RecordingReporter, silentLog, webDbMinion } from './helpers/docker.js';
import { fiveServiceMinion } from './helpers/multi.js';

const probes: PreflightProbes = {
  availableMemoryMb: async () => 100_000,
  freeDiskMb: async () => 100_000,
  portFree: async () => true,
  publishedPorts: async () => [],
};

class RecordingBackup implements BackupHook {
  taken: BackupRef[] = [];
  restored: BackupRef[] = [];
  fail = false;
  constructor(private dir: string) {}
  async backup(app: string, reason: string): Promise<BackupRef> {
    if (this.fail) throw new SummonerError('backup.failed', 'disk full');
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${app}-${reason}-${this.taken.length}.tar`);
    fs.writeFileSync(file, 'cold copy');
    const ref = { file, kind: 'cold' };
    this.taken.push(ref);
    return ref;
  }
  async restore(_app: string, ref: BackupRef): Promise<void> {
    this.restored.push(ref);
  }
}

let root: string;
let config: Config;
let target: FakeTarget;
let backups: RecordingBackup;
let life: Lifecycle;
const m = webDbMinion('shop');
let appName: string;
let dbName: string;

function make(): Lifecycle {
  return createLifecycle({
    config,
    target,
    catalog: catalogOf(m),
    planDeploy: handPlan,
    secretsDir: path.join(config.stateDir, 'secrets'),
    backupHook: backups,
    log: silentLog(),
    probes,
    engineReturnWaitMs: 20_000,
  });
}

const codeOf = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isSummonerError(e) ? e.code : String(e)));

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'summoner-life-'));
  config = configSchema.parse({
    domain: 'life.test',
    stateDir: path.join(root, 'state'),
    dataRoot: path.join(root, 'data'),
    dbRoot: path.join(root, 'databases'),
    backupRoot: path.join(root, 'backups'),
    engine: { socket: '/nonexistent.sock', mode: 'standalone', proxyNetwork: 'proxy' },
    proxy: { mode: 'external' },
  });
  target = new FakeTarget('proxy');
  backups = new RecordingBackup(path.join(root, 'backups'));
  life = make();
  const plan = handPlan(m, { config, secrets: { DB_PASSWORD: 'x'.repeat(24), DB_ROOT_PASSWORD: 'y'.repeat(24) } });
  appName = plan.containers.find((c) => c.role === 'app')!.name;
  dbName = plan.containers.find((c) => c.role === 'db')!.name;
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const journalFiles = () => fs.readdirSync(path.join(config.stateDir, 'deploying-fake')).filter((f) => f.endsWith('.json'));

describe('summon', () => {
  it('pulls first, then starts the database behind its gate before the app', async () => {
    const r = await life.summon('shop', undefined, new RecordingReporter());
    expect(r.status).toBe('summoned');
    const c = target.calls;
    const lastPull = c.map((x) => x.startsWith('pull')).lastIndexOf(true);
    expect(lastPull).toBeLessThan(c.indexOf(`start ${dbName}`));
    expect(c.indexOf(`start ${dbName}`)).toBeLessThan(c.indexOf(`waitHealthy ${dbName}`));
    expect(c.indexOf(`waitHealthy ${dbName}`)).toBeLessThan(c.indexOf(`start ${appName}`));
    expect(target.names()).toEqual([appName, dbName].sort());
    expect(journalFiles()).toEqual([]);
  });

  it('a pull that fails creates nothing at all', async () => {
    target.faults.push({ call: 'pull', error: () => new SummonerError('image.missing', 'no such image') });
    expect(await codeOf(life.summon('shop', undefined, new RecordingReporter()))).toBe('image.missing');
    expect(target.calls.some((x) => x.startsWith('start') || x === 'ensureNetworks')).toBe(false);
    expect(target.names()).toEqual([]);
    expect(target.networks.size).toBe(0);
    expect(journalFiles()).toEqual([]);
  });

  it('a health gate that fails removes what was created, keeps the data, and says so', async () => {
    target.faults.push({ call: 'waitHealthy', unit: appName, error: () => unhealthy(appName) });
    const rep = new RecordingReporter();
    expect(await codeOf(life.summon('shop', undefined, rep))).toBe('app.unhealthy');
    expect(target.names()).toEqual([]);
    expect([...target.networks]).toEqual(['proxy']);
    expect(rep.text()).toContain('removing what was created (data kept)');
    expect(fs.existsSync(path.join(config.dataRoot, 'shop'))).toBe(true);
    expect(journalFiles()).toEqual([]);
  });

  it('an engine lost mid-way: the journal keeps the summon, and it is cleaned up when the engine answers again', async () => {
    target.faults.push({
      call: 'start',
      unit: appName,
      error: () => {
        target.lost = true;
        return engineLost();
      },
    });
    const rep = new RecordingReporter();
    expect(await codeOf(life.summon('shop', undefined, rep))).toBe('engine.unreachable');
    expect(rep.text()).toContain('will be removed as soon as it answers again');
    // nothing could be removed: the db and the journal entry are still there
    expect(target.names()).toEqual([dbName]);
    expect(journalFiles()).toHaveLength(1);
    target.lost = false;
    await vi.waitFor(() => expect(journalFiles()).toEqual([]), { timeout: 10_000, interval: 100 });
    expect(target.names()).toEqual([]);
  });

  it('an engine lost while the database first starts: the folders this summon created and no unit got healthy on go with the rest', async () => {
    const plan = handPlan(m, { config, secrets: { DB_PASSWORD: 'x'.repeat(24), DB_ROOT_PASSWORD: 'y'.repeat(24) } });
    const dbDirs = plan.containers.find((c) => c.role === 'db')!.mounts.map((x) => path.resolve(x.source));
    const appDirs = plan.containers.find((c) => c.role === 'app')!.mounts.map((x) => path.resolve(x.source)).filter((d) => !dbDirs.includes(d));
    expect(dbDirs.length).toBeGreaterThan(0);
    // the app's folder was there before (restored data, an earlier install): never touched
    for (const d of appDirs) {
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, 'precious.txt'), 'keep me');
    }
    target.faults.push({
      call: 'waitHealthy',
      unit: dbName,
      error: () => {
        // the database wrote half its first initialisation, then the engine went away
        for (const d of dbDirs) fs.writeFileSync(path.join(d, 'ibdata1'), 'half written');
        target.lost = true;
        return engineLost();
      },
      once: true,
    });
    expect(await codeOf(life.summon('shop', undefined, new RecordingReporter()))).toBe('engine.unreachable');
    // recorded for the recovery, which runs when the engine answers
    const entry = JSON.parse(fs.readFileSync(path.join(config.stateDir, 'deploying-fake', journalFiles()[0]!), 'utf8')) as { fresh: string[] };
    expect(entry.fresh.sort()).toEqual([...dbDirs].sort());
    target.lost = false;
    await vi.waitFor(() => expect(journalFiles()).toEqual([]), { timeout: 10_000, interval: 100 });
    for (const d of dbDirs) expect(fs.existsSync(d)).toBe(false);
    for (const d of appDirs) expect(fs.readFileSync(path.join(d, 'precious.txt'), 'utf8')).toBe('keep me');
    // the next summon starts the database on an empty folder, as the first time
    expect((await life.summon('shop', undefined, new RecordingReporter())).status).toBe('summoned');
  });

  it('a folder a unit got healthy on is no longer fresh: a later failure keeps it', async () => {
    const plan = handPlan(m, { config, secrets: { DB_PASSWORD: 'x'.repeat(24), DB_ROOT_PASSWORD: 'y'.repeat(24) } });
    const dbDirs = plan.containers.find((c) => c.role === 'db')!.mounts.map((x) => path.resolve(x.source));
    target.faults.push({ call: 'waitHealthy', unit: appName, error: () => unhealthy(appName) });
    expect(await codeOf(life.summon('shop', undefined, new RecordingReporter()))).toBe('app.unhealthy');
    for (const d of dbDirs) expect(fs.existsSync(d)).toBe(true);
    expect(journalFiles()).toEqual([]);
  });
});

describe('update', () => {
  beforeEach(async () => {
    await life.summon('shop', undefined, new RecordingReporter());
    target.calls = [];
  });
  const generations = () => Object.fromEntries([...target.units.values()].map((u) => [u.name, u.generation]));

  it('replaces the old units only after every new one is healthy, and labels the pins for rollback', async () => {
    const r = await life.update('shop', '1.1', { force: false }, new RecordingReporter());
    expect(r.status).toBe('updated');
    const c = target.calls;
    expect(c.indexOf('release')).toBeGreaterThan(c.lastIndexOf(`waitHealthy ${appName}`));
    // the old units were never removed, only set aside and released at the end
    expect(c.filter((x) => x.startsWith('remove'))).toEqual([]);
    const app = target.units.get(appName)!;
    expect(app.labels[EXTRA_LABEL.rollbackVersion]).toBe('1.0');
    expect(app.labels[EXTRA_LABEL.rollbackBackup]).toBe(backups.taken[0]!.file);
    expect(target.names()).toEqual([appName, dbName].sort());
  });

  it('a pull that fails stops nothing: the old version keeps running', async () => {
    target.faults.push({ call: 'pull', error: () => new SummonerError('image.missing', 'no such tag') });
    const before = generations();
    expect(await codeOf(life.update('shop', '1.1', { force: false }, new RecordingReporter()))).toBe('image.missing');
    expect(target.calls.some((x) => x.startsWith('stop') || x === 'hold')).toBe(false);
    expect(generations()).toEqual(before);
    expect([...target.units.values()].every((u) => u.running)).toBe(true);
    expect(backups.taken).toEqual([]);
  });

  it('a unit that will not stop starts the old units again and changes nothing (no backup, no new version)', async () => {
    target.faults.push({ call: 'stop', unit: dbName, error: () => new SummonerError('swarm.stop_timeout', `${dbName} did not stop within 120 s`) });
    const before = generations();
    const err = await life.update('shop', '1.1', { force: false }, new RecordingReporter()).catch((e: SummonerError) => e);
    expect(isSummonerError(err) && err.code).toBe('update.not_stopped');
    expect((err as SummonerError).message).toContain(`did not stop within 120 s`);
    expect((err as SummonerError).message).toContain('nothing was changed');
    // the app had been stopped before the db refused: both run again, the very same units
    expect(target.calls.indexOf(`stop ${appName}`)).toBeLessThan(target.calls.indexOf(`resume ${appName}`));
    expect(target.calls).toContain(`waitHealthy ${appName}`);
    expect(generations()).toEqual(before);
    expect([...target.units.values()].every((u) => u.running)).toBe(true);
    expect(backups.taken).toEqual([]);
    expect(target.calls).not.toContain('setAside');
  });

  it('a health gate that fails puts the data and the old units back, and says the old version runs', async () => {
    target.faults.push({ call: 'waitHealthy', unit: appName, error: () => unhealthy(appName), once: true });
    const before = generations();
    const err = await life.update('shop', '1.1', { force: false }, new RecordingReporter()).catch((e: SummonerError) => e);
    expect(isSummonerError(err) && err.code).toBe('update.rolled_back');
    expect((err as SummonerError).message).toContain('the previous version runs again, with its data');
    expect(backups.restored).toEqual([backups.taken[0]]);
    // the very units that ran before, under their names, running; the new ones are gone
    expect(generations()).toEqual(before);
    expect([...target.units.values()].every((u) => u.running)).toBe(true);
    // the data was put back before the old units were started again
    const c = target.calls;
    expect(c.indexOf('discard')).toBeLessThan(c.indexOf(`putBack ${dbName}`));
  });

  it('putting the old version back fails: it says so, names the backup, and destroys nothing', async () => {
    target.faults.push({ call: 'waitHealthy', unit: appName, error: () => unhealthy(appName), once: true });
    target.faults.push({ call: 'putBack', unit: appName, error: () => new SummonerError('engine.error', 'rename refused') });
    const err = await life.update('shop', '1.1', { force: false }, new RecordingReporter()).catch((e: SummonerError) => e);
    expect(isSummonerError(err) && err.code).toBe('update.rollback_failed');
    expect((err as SummonerError).hint).toContain(path.basename(backups.taken[0]!.file));
    // the old app is still there, set aside, and the backup is still on disk
    expect(target.units.has(`${appName}-prev`)).toBe(true);
    expect(fs.existsSync(backups.taken[0]!.file)).toBe(true);
    expect(target.calls.filter((x) => x.startsWith('remove'))).toEqual([]);
  });

  it('an engine lost during the swap: rollback_failed, and the old units are left set aside, not removed', async () => {
    target.faults.push({
      call: 'start',
      unit: appName,
      error: () => {
        target.lost = true;
        return engineLost();
      },
    });
    const err = await life.update('shop', '1.1', { force: false }, new RecordingReporter()).catch((e: SummonerError) => e);
    expect(isSummonerError(err) && err.code).toBe('update.rollback_failed');
    target.lost = false;
    expect(target.units.has(`${appName}-prev`)).toBe(true);
    expect(target.units.has(`${dbName}-prev`)).toBe(true);
  });

  it('no backup: nothing is replaced and the old units start again', async () => {
    backups.fail = true;
    const before = generations();
    expect(await codeOf(life.update('shop', '1.1', { force: false }, new RecordingReporter()))).toBe('backup.unavailable');
    expect(target.calls.some((x) => x.startsWith('start'))).toBe(false);
    expect(generations()).toEqual(before);
    expect([...target.units.values()].every((u) => u.running)).toBe(true);
  });

  it('a rollback whose start fails puts the updated version back, with its data, and says so', async () => {
    await life.update('shop', '1.1', { force: false }, new RecordingReporter());
    const before = generations();
    target.calls = [];
    target.faults.push({ call: 'waitHealthy', unit: appName, error: () => unhealthy(appName), once: true });
    const err = await life.rollback('shop', new RecordingReporter()).catch((e: SummonerError) => e);
    expect(isSummonerError(err) && err.code).toBe('update.rolled_back');
    expect((err as SummonerError).message).toMatch(/^rollback of shop failed .*the previous version runs again, with its data/);
    // the 1.1 units run again, and the data of the rollback's own backup was put back
    expect(generations()).toEqual(before);
    expect(target.units.get(appName)!.labels['summoner.version']).toBe('1.1');
    expect(backups.restored.at(-1)).toEqual(backups.taken.at(-1));
  });

  it('planUpdate and planRollback, asked before the confirmation, say the versions and refuse what cannot run, changing nothing', async () => {
    await expect(life.planRollback('shop')).rejects.toMatchObject({ code: 'rollback.none' });
    await expect(life.planUpdate('shop', '1.0', { force: false })).resolves.toEqual({ status: 'current', version: '1.0' });
    await expect(life.planUpdate('shop', '1.1', { force: false })).resolves.toEqual({ status: 'change', from: '1.0', to: '1.1' });
    await expect(life.planUpdate('shop', '1.0;rm', { force: false })).rejects.toMatchObject({ code: 'minion.bad_version' });
    // `update shop version`: the word for a version is not one
    await expect(life.planUpdate('shop', 'version', { force: false })).rejects.toMatchObject({ code: 'minion.bad_version', message: expect.stringContaining('`version` is not a version') });
    await expect(life.planUpdate('ghost', undefined, { force: false })).rejects.toMatchObject({ code: expect.stringMatching(/^minion\./) });
    const before = generations();
    target.calls = [];
    await life.planUpdate('shop', '1.1', { force: false });
    expect(target.calls.every((c) => c.startsWith('live '))).toBe(true);
    expect(generations()).toEqual(before);
    await life.update('shop', '1.1', { force: false }, new RecordingReporter());
    await expect(life.planRollback('shop')).resolves.toEqual({ from: '1.1', to: '1.0', backup: path.basename(backups.taken[0]!.file) });
  });

  it('rollback runs the pinned images of the update and restores its backup', async () => {
    await life.update('shop', '1.1', { force: false }, new RecordingReporter());
    const r = await life.rollback('shop', new RecordingReporter());
    expect(r).toMatchObject({ from: '1.1', to: '1.0', restoredFrom: backups.taken[0]!.file });
    expect(target.units.get(appName)!.image).toMatch(/^id-of-/);
    expect(backups.restored[0]).toEqual(backups.taken[0]);
  });
});

describe('cold backups and dismiss', () => {
  beforeEach(async () => {
    await life.summon('shop', undefined, new RecordingReporter());
    target.calls = [];
  });

  it('stops the app before its database, and starts the database first; a unit that fails to start does not stop the others', async () => {
    const stopped = await life.stopForBackup('shop', new RecordingReporter());
    expect(target.calls).toEqual(['live shop', `stop ${appName}`, `stop ${dbName}`]);
    target.faults.push({ call: 'resume', unit: dbName, error: () => new SummonerError('engine.error', 'start refused') });
    expect(await codeOf(life.startAfterBackup('shop', stopped, new RecordingReporter()))).toBe('engine.error');
    expect(target.units.get(appName)!.running).toBe(true);
  });

  it('dismiss --purge with no final backup deletes nothing', async () => {
    backups.fail = true;
    expect(await codeOf(life.dismiss('shop', { purge: true }, new RecordingReporter()))).toBe('backup.unavailable');
    expect(target.names()).toEqual([appName, dbName].sort());
    expect(fs.existsSync(path.join(config.dataRoot, 'shop'))).toBe(true);
  });

  it('dismiss removes the units (app first) and the private network, and keeps the data', async () => {
    const r = await life.dismiss('shop', { purge: false }, new RecordingReporter());
    expect(r.removed).toEqual([appName, dbName]);
    expect(target.names()).toEqual([]);
    expect([...target.networks]).toEqual(['proxy']);
    expect(fs.existsSync(path.join(config.dataRoot, 'shop'))).toBe(true);
    expect(target.calls).not.toContain('forgetData shop'); // kept data: where it is kept still holds
  });

  it('dismiss --purge deletes the data after the final backup, then forgets where it was kept', async () => {
    const r = await life.dismiss('shop', { purge: true }, new RecordingReporter());
    expect(r.purged).toBe(true);
    expect(fs.existsSync(path.join(config.dataRoot, 'shop'))).toBe(false);
    expect(target.calls.at(-1)).toBe('forgetData shop');
  });

  it('checkDismiss, asked before the confirmation, refuses only a dismiss with nothing to act on, and changes nothing', async () => {
    await expect(life.checkDismiss('shop', { purge: false })).resolves.toBeUndefined();
    await life.dismiss('shop', { purge: false }, new RecordingReporter());
    target.calls = [];
    // dismissed, its data kept: a second dismiss has nothing to do and says how to purge; a purge has work
    await expect(life.checkDismiss('shop', { purge: false })).rejects.toMatchObject({ code: 'minion.not_summoned', hint: expect.stringContaining('`dismiss shop --purge`') });
    await expect(life.checkDismiss('shop', { purge: true })).resolves.toBeUndefined();
    // never summoned, no data: refused with or without --purge
    await expect(life.checkDismiss('ghost', { purge: true })).rejects.toMatchObject({ code: 'minion.not_summoned', message: 'ghost is not summoned here, and it has no data here' });
    expect(target.calls.every((c) => /^(live|leftovers) /.test(c))).toBe(true);
    expect(fs.existsSync(path.join(config.dataRoot, 'shop'))).toBe(true);
  });
});

describe('a minion of several services', () => {
  const five = fiveServiceMinion('crm');
  const secrets = { DB_PASSWORD: 'p'.repeat(24) };
  const nameOf = (service: string) => handPlan(five, { config, secrets }).services.find((s) => s.service === service)!.container!;
  const multi = () =>
    createLifecycle({ config, target, catalog: catalogOf(five), planDeploy: handPlan, secretsDir: path.join(config.stateDir, 'secrets'), backupHook: backups, log: silentLog(), probes });

  it('plans every service (named <app>-<service>-<domain> beside the old scheme) in depends_on order, private ones without the proxy network', () => {
    const plan = handPlan(five, { config, secrets });
    expect(plan.containers.map((c) => c.aliases[0])).toEqual(['db', 'cache', 'migrate', 'worker', 'web']);
    expect(plan.containers.map((c) => c.name)).toEqual([
      'postgres-crm-life.test',
      'crm-cache-life.test',
      'crm-migrate-life.test',
      'crm-worker-life.test',
      'crm-life.test',
    ]);
    for (const c of plan.containers.filter((x) => x.role !== 'app')) {
      expect(c.networks).toEqual([`summoner-crm-life.test`]);
      expect(c.ports).toEqual([]);
    }
    expect(plan.containers.find((c) => c.role === 'job')!.oneShot).toBe(true);
    expect(plan.services.every((s) => s.container)).toBe(true);
  });

  it('a depends_on cycle is refused with the services named', () => {
    const cyclic = fiveServiceMinion('loop');
    const cache = cyclic.services!.find((s) => s.service === 'cache')!;
    cache.dependsOn = [{ service: 'worker', condition: 'service_started', required: true, restart: false }];
    expect(() => handPlan(cyclic, { config, secrets })).toThrow(/cycle/);
  });

  it('summons in that order: the job must have finished before the worker and the web start', async () => {
    await multi().summon('crm', undefined, new RecordingReporter());
    const c = target.calls;
    expect(c.indexOf(`waitDone ${nameOf('migrate')}`)).toBeLessThan(c.indexOf(`start ${nameOf('worker')}`));
    expect(c.indexOf(`waitHealthy ${nameOf('worker')}`)).toBeLessThan(c.indexOf(`start ${nameOf('web')}`));
    expect(c).not.toContain(`waitHealthy ${nameOf('migrate')}`);
  });

  it('starts what does not wait on each other together: the cache beside the running job, the worker once both passed', async () => {
    let finish!: () => void;
    target.holds.set(nameOf('migrate'), new Promise<void>((r) => (finish = r)));
    const summoned = multi().summon('crm', undefined, new RecordingReporter());
    // the job is still running (held) when the cache, which does not depend on it, has passed its own gate
    await vi.waitFor(() => expect(target.calls).toContain(`waitHealthy ${nameOf('cache')}`), { timeout: 5000, interval: 5 });
    await vi.waitFor(() => expect(target.calls).toContain(`waitDone ${nameOf('migrate')}`), { timeout: 5000, interval: 5 });
    expect(target.calls).not.toContain(`start ${nameOf('worker')}`);
    finish();
    expect(await summoned).toMatchObject({ status: 'summoned' });
    const c = target.calls;
    // every unit but the database waits for the database, declared or not (the cache declares nothing)
    expect(c.indexOf(`waitHealthy ${nameOf('db')}`)).toBeLessThan(c.indexOf(`start ${nameOf('cache')}`));
    expect(c.indexOf(`waitHealthy ${nameOf('worker')}`)).toBeLessThan(c.indexOf(`start ${nameOf('web')}`));
  });

  it('a unit that fails calls off the gates in flight beside it; the first error is said and everything started is removed', async () => {
    target.holds.set(nameOf('cache'), new Promise<void>(() => undefined)); // a cache that never gets healthy
    target.faults.push({ call: 'waitDone', unit: nameOf('migrate'), error: () => new SummonerError('deploy.job_failed', 'exited with 3') });
    expect(await codeOf(multi().summon('crm', undefined, new RecordingReporter()))).toBe('deploy.job_failed');
    expect(target.calledOff).toEqual([nameOf('cache')]);
    expect(target.calls.some((x) => x === `start ${nameOf('worker')}` || x === `start ${nameOf('web')}`)).toBe(false);
    expect(target.names()).toEqual([]);
  });

  it('a job that fails stops the summon before what depends on it, and removes what was created', async () => {
    target.faults.push({ call: 'waitDone', unit: nameOf('migrate'), error: () => new SummonerError('deploy.job_failed', 'exited with 3') });
    expect(await codeOf(multi().summon('crm', undefined, new RecordingReporter()))).toBe('deploy.job_failed');
    expect(target.calls.some((x) => x === `start ${nameOf('worker')}` || x === `start ${nameOf('web')}`)).toBe(false);
    expect(target.names()).toEqual([]);
  });

  it('a second summon of a healthy minion whose job has exited says it is already there; restart does not run the job again', async () => {
    const life5 = multi();
    await life5.summon('crm', undefined, new RecordingReporter());
    expect((await life5.summon('crm', undefined, new RecordingReporter())).status).toBe('already');
    target.calls = [];
    await life5.restart('crm', new RecordingReporter());
    expect(target.calls.some((x) => x.endsWith(nameOf('migrate')) && !x.startsWith('live'))).toBe(false);
  });

  it('rollback pins each unit to the image it ran, by name: two workers of one role keep their own images', async () => {
    const pair = fiveServiceMinion('pair');
    const worker = pair.services!.find((x) => x.service === 'worker')!;
    pair.services!.push({ ...worker, service: 'worker2', tag: '2.0', dependsOn: [] });
    const l = createLifecycle({ config, target, catalog: catalogOf(pair), planDeploy: handPlan, secretsDir: path.join(config.stateDir, 'secrets'), backupHook: backups, log: silentLog(), probes });
    await l.summon('pair', undefined, new RecordingReporter());
    await l.update('pair', '1.1', { force: false }, new RecordingReporter());
    await l.rollback('pair', new RecordingReporter());
    expect(target.units.get('pair-worker-life.test')!.image).toBe('id-of-summoner-test/web:1.0');
    expect(target.units.get('pair-worker2-life.test')!.image).toBe('id-of-summoner-test/web:2.0');
    expect(target.units.get('pair-life.test')!.image).toBe('id-of-summoner-test/web:1.0');
  });

  it('a second database runs in a unit of its own, started before what depends on it; a plan that leaves a service out is refused at pre-flight', async () => {
    const two = fiveServiceMinion('two');
    const db = two.services!.find((x) => x.service === 'db')!;
    two.services!.unshift({ ...db, service: 'db2', volumes: [{ name: 'pgdata2', target: '/var/lib/postgresql/data' }] });
    const web = two.services!.find((x) => x.service === 'web')!;
    web.dependsOn = [...(web.dependsOn ?? []), { service: 'db2', condition: 'service_healthy', required: true, restart: false }];
    const l = createLifecycle({ config, target, catalog: catalogOf(two), planDeploy: handPlan, secretsDir: path.join(config.stateDir, 'secrets'), backupHook: backups, log: silentLog(), probes });
    target.calls = [];
    expect(await l.summon('two', undefined, new RecordingReporter())).toMatchObject({ status: 'summoned' });
    const starts = target.calls.filter((x) => x.startsWith('start '));
    const at = (n: string) => starts.indexOf(`start ${n}`);
    expect(at('two-db2-life.test')).toBeGreaterThanOrEqual(0);
    expect(at('two-db2-life.test')).toBeLessThan(at('two-life.test'));
    expect(target.units.get('two-db2-life.test')!.role).toBe('db');
    // a plan made by hand that runs no unit for a service
    const partial: typeof handPlan = (m, o) => {
      const p = handPlan(m, o);
      return { ...p, containers: p.containers.filter((c) => c.aliases[0] !== 'db2'), services: p.services.map((s) => (s.service === 'db2' ? { ...s, container: undefined } : s)) as typeof p.services };
    };
    const three = { ...two, name: 'three' };
    const l3 = createLifecycle({ config, target, catalog: catalogOf(three), planDeploy: partial, secretsDir: path.join(config.stateDir, 'secrets'), backupHook: backups, log: silentLog(), probes });
    target.calls = [];
    const err = await l3.summon('three', undefined, new RecordingReporter()).catch((e: SummonerError) => e);
    expect(isSummonerError(err) && err.code).toBe('preflight.services');
    expect((err as SummonerError).message).toContain('db2 (database)');
    expect(target.calls.some((x) => x.startsWith('start') || x.startsWith('pull'))).toBe(false);
  });
});
