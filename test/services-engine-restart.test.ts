// The engine restarted in the middle of a summon (dockerd really stopped and started again): the summon
// fails with a clear message, and once the engine answers again what it had created is removed; the data
// folder survives. The docker files run one at a time, so no other test sees the engine go away; afterAll
// makes sure it answers again for the files after this one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectNetwork, listContainers, selector } from '../src/core/engine/index.js';
import { createCoreServices } from '../src/core/services.js';
import { RecordingReporter, catalogOf, engineAvailable, rootAvailable, handPlan, makeTestEnv, silentLog, waitFor, webDbMinion, type TestEnv } from './helpers/docker.js';

const root = path.resolve(import.meta.dirname, '..');
const isRoot = rootAvailable('restarting dockerd');
const run = engineAvailable() && isRoot ? describe : describe.skip;

/** The host engine's pid: `pgrep dockerd` also finds the nested Swarm nodes' engines (once pids wrapped, one of
 *  theirs came first and the test stopped worker1 instead of the engine); ours shares this process's mount namespace. */
function dockerdPid(): number | undefined {
  let pids: number[];
  try {
    pids = execFileSync('pgrep', ['-x', 'dockerd'], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return undefined;
  }
  const ns = (pid: number | 'self') => {
    try {
      return fs.readlinkSync(`/proc/${pid}/ns/mnt`);
    } catch {
      return undefined;
    }
  };
  return pids.find((p) => ns(p) === ns('self'));
}

run('services: the engine restarted mid-summon', () => {
  let env: TestEnv;
  beforeAll(() => {
    env = makeTestEnv('restart');
  });
  afterAll(async () => {
    // the engine must answer for the next files whatever happened here
    execFileSync('bash', [path.join(root, 'scripts/docker/ensure-engine.sh')], { stdio: 'ignore' });
    await env?.cleanup();
  });

  it('fails clearly, then removes what it created once the engine is back; data kept', async () => {
    const app = 'webdb';
    const precious = path.join(env.config.dataRoot, app, 'files', 'precious.txt');
    fs.mkdirSync(path.dirname(precious), { recursive: true });
    fs.writeFileSync(precious, 'keep me');
    const log = silentLog();
    const services = createCoreServices({
      config: env.config,
      engine: env.engine,
      catalog: catalogOf(webDbMinion(app)),
      planDeploy: handPlan,
      secretsDir: env.secretsDir,
      log,
    });
    const r = new RecordingReporter();
    const summon = services.summon(app, undefined, r).then(
      () => undefined,
      (e: unknown) => e,
    );
    // the database container exists and starts: now the engine goes away
    await waitFor(async () => r.steps.some((s) => s.startsWith('waiting for mariadb-')), 60_000, 50);
    expect((await listContainers(env.engine, selector(env.domain, app))).length).toBeGreaterThan(0);
    const pid = dockerdPid();
    expect(pid).toBeTruthy();
    process.kill(pid!, 'SIGTERM');
    const err = await summon;
    expect(err).toMatchObject({ code: 'engine.unreachable' });
    expect(String((err as Error).message)).toMatch(/Docker Engine unreachable/);
    expect(r.steps.join('\n')).toMatch(/removed as soon as it answers again/);
    await waitFor(async () => dockerdPid() === undefined, 60_000, 200);

    execFileSync('bash', [path.join(root, 'scripts/docker/ensure-engine.sh')], { stdio: 'ignore' });
    // the cleanup is done when its journal entry is cleared: the containers go first, then the fresh folders
    const journalled = () => fs.readdirSync(path.join(env.config.stateDir, 'deploying')).filter((f) => f.endsWith('.json'));
    await waitFor(async () => (await listContainers(env.engine, selector(env.domain, app))).length === 0 && journalled().length === 0, 60_000, 500);
    expect(await inspectNetwork(env.engine, `summoner-${app}-${env.domain}`)).toBeUndefined();
    expect(fs.readFileSync(precious, 'utf8')).toBe('keep me');
    // the database never got healthy (the app's own gate never came): the folder its first start was cut short
    // in is gone with the rest, since its next start would refuse it (loop attempt 6, run 4: InnoDB "data
    // structure corruption" on the next summon); the data folder that was there before stays (above)
    // (the app's own start step comes right after the database's gate: under load the engine's shutdown can let
    // the database pass its gate first, and then its folder holds data and is kept)
    if (!r.steps.some((s) => s.startsWith(`starting ${app}-`) || s.startsWith(`waiting for ${app}-`))) expect(fs.readdirSync(path.join(env.config.dbRoot, app))).toEqual([]);
    expect(journalled()).toEqual([]);
    // a later summon works from there
    const again = await services.summon(app, undefined, new RecordingReporter());
    expect(again.status).toBe('summoned');
  }, 240_000);
});
