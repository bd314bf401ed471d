// Issue 14, done-when 3 (standalone containers): a minion of web + PostgreSQL + a cache + a worker + a
// migration job, all local test images, summons in dependency order (checked from the engine's own start and
// finish times), passes its health gate, is backed up (the dump and a cold copy of every volume), restored,
// updated and rolled back.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectContainer } from '../src/core/engine/index.js';
import { wire, type Wired } from './helpers/backup.js';
import { RecordingReporter, engineAvailable, makeTestEnv, type TestEnv } from './helpers/docker.js';
import { fiveServiceMinion } from './helpers/multi.js';

const run = engineAvailable() ? describe : describe.skip;

run('a five-service minion on standalone containers', () => {
  let env: TestEnv;
  let w: Wired;
  const app = 'crm';
  const m = { ...fiveServiceMinion(app), backup: { hot: true, cold: true } };
  const name = (service: string) => (service === 'web' ? `${app}-${env.domain}` : service === 'db' ? `postgres-${app}-${env.domain}` : `${app}-${service}-${env.domain}`);
  const times = async (service: string) => {
    const i = await env.engine.docker.getContainer(name(service)).inspect();
    return { started: Date.parse(i.State.StartedAt), finished: Date.parse(i.State.FinishedAt), state: i.State.Status, exit: i.State.ExitCode };
  };
  const migrations = () => fs.readFileSync(path.join(env.config.dataRoot, app, 'files', 'migrations.log'), 'utf8').trim().split('\n');

  beforeAll(() => {
    env = makeTestEnv('ms');
    w = wire(env, [m], { dumpBeforeUpdate: true });
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('summons every service in dependency order, behind its health gate', async () => {
    const r = await w.core.summon(app, undefined, new RecordingReporter());
    expect(r.status).toBe('summoned');
    const [db, cache, job, worker, web] = await Promise.all(['db', 'cache', 'migrate', 'worker', 'web'].map(times));
    // the job ran once, exited 0, after the database started and before the worker and the web started
    expect(job).toMatchObject({ state: 'exited', exit: 0 });
    expect(db!.started).toBeLessThan(job!.started);
    expect(job!.finished).toBeLessThanOrEqual(worker!.started);
    expect(cache!.started).toBeLessThan(worker!.started);
    expect(worker!.started).toBeLessThan(web!.started);
    expect(migrations()).toHaveLength(1);
    // caches and workers: private network only, no published ports
    const c = await inspectContainer(env.engine, name('cache'));
    expect(Object.keys(c!.networks)).toEqual([`summoner-${app}-${env.domain}`]);
    expect(c!.networks[`summoner-${app}-${env.domain}`]!.aliases).toContain('cache');
    const [st] = await w.core.status(app);
    expect(st).toMatchObject({ state: 'running', health: 'healthy' });
  }, 240_000);

  it('is backed up: the database dump and a cold copy of every volume', async () => {
    const res = await w.backups.backup(app, new RecordingReporter());
    expect(res.map((x) => [x.kind, x.ok])).toEqual(expect.arrayContaining([['dump', true], ['cold', true]]));
    const cold = res.find((x) => x.kind === 'cold')!;
    const { list } = await import('tar');
    const entries: string[] = [];
    await list({ file: cold.file, onReadEntry: (e) => void entries.push(e.path) });
    expect(entries.some((e) => e.includes('files/migrations.log'))).toBe(true);
    expect(entries.some((e) => e.includes('pgdata/'))).toBe(true);
    // every service runs again after the cold copy
    expect((await w.core.status(app))[0]).toMatchObject({ state: 'running', health: 'healthy' });
  }, 240_000);

  it('is restored from its dump', async () => {
    const res = await w.backups.restore(app, undefined, new RecordingReporter());
    expect(res.app).toBe(app);
    expect((await w.core.status(app))[0]).toMatchObject({ state: 'running' });
  }, 300_000);

  it('is updated (the migration job runs again before the new web) and rolled back', async () => {
    const u = await w.core.update(app, '1.1', { force: false }, new RecordingReporter());
    expect(u).toMatchObject({ status: 'updated', from: '1.0', to: '1.1' });
    expect(migrations()).toHaveLength(2);
    expect((await inspectContainer(env.engine, name('web')))!.image).toBe('summoner-test/web:1.1');
    const r = await w.core.rollback(app, new RecordingReporter());
    expect(r).toMatchObject({ from: '1.1', to: '1.0' });
    expect((await w.core.status(app))[0]).toMatchObject({ state: 'running', health: 'healthy', version: '1.0' });
  }, 400_000);
});
