// Issue 15, "scale <app> <n> for web and worker services": on the three-node Swarm of scripts/docker/swarm-nodes.sh,
// a stateless web service (no data folder, an exec check that Swarm runs as the task's HEALTHCHECK) runs three
// tasks, each running and checked before the call returns; the count holds through a restart (a stop and start)
// and is not reported as a change by hand; it goes back to one. A service that keeps data stays at one task,
// refused with the folder that pins it. Unique domain per run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectService, listTasks } from '../src/core/engine/index.js';
import type { CoreServices } from '../src/core/services.js';
import { createSwarmServices, swarmName } from '../src/core/swarm/index.js';
import { isSummonerError } from '../src/errors.js';
import { RecordingReporter, catalogOf, engineAvailable, handPlan, silentLog, webMinion, type TestEnv } from './helpers/docker.js';
import { makeSwarmEnv, nodeNames, swarmNodesAvailable } from './helpers/swarm-nodes.js';

const run = engineAvailable() && swarmNodesAvailable() ? describe : describe.skip;

run('swarm: scale a stateless web service', () => {
  let env: TestEnv;
  let core: CoreServices;
  const { volumes: _files, ...plain } = webMinion().web;
  const stateless = webMinion('sc', { web: { ...plain, volumes: [], health: { exec: ['/bin/busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/health'], timeoutS: 30, intervalS: 1 } } });
  const withFiles = webMinion('scfiles');
  const svc = (app: string) => swarmName(`${app}-${env.domain}`);
  const runningTasks = async (app: string) => {
    const s = (await inspectService(env.engine, svc(app)))!;
    return (await listTasks(env.engine, s.id)).filter((t) => t.state === 'running' && t.desiredState === 'running');
  };

  beforeAll(() => {
    env = makeSwarmEnv('scl');
    core = createSwarmServices({ config: env.config, engine: env.engine, catalog: catalogOf(stateless, withFiles), planDeploy: handPlan, secretsDir: env.secretsDir, log: silentLog() });
  });
  afterAll(async () => {
    if (env) await env.cleanup();
  }, 120_000);

  it('runs three tasks, each running and checked when the call returns, shown by status', async () => {
    expect((await core.summon('sc', undefined, new RecordingReporter())).status).toBe('summoned');
    const r = new RecordingReporter();
    const res = await core.scale('sc', 3, r);
    expect(res).toMatchObject({ app: 'sc', replicas: 3, scaled: [{ service: svc('sc'), from: 1 }], kept: [] });
    expect(res.scaled[0]!.nodes).toHaveLength(3);
    // when it returned, three tasks ran: Swarm calls a task running once its HEALTHCHECK passed
    const tasks = await runningTasks('sc');
    expect(tasks).toHaveLength(3);
    const names = await nodeNames(env.engine);
    console.log(`three tasks of sc on ${tasks.map((t) => names.get(t.nodeId)).sort().join(', ')}`);
    expect(r.steps).toContain(`${svc('sc')}: 3 of 3 task(s) running`);
    const [st] = await core.status('sc');
    expect(st).toMatchObject({ state: 'running', health: 'healthy', drifted: false });
    expect(st!.containers[0]!.tasks).toEqual({ running: 3, wanted: 3 });
  }, 300_000);

  it('keeps the count through a restart, and reports no change by hand', async () => {
    await core.restart('sc', new RecordingReporter());
    expect(await runningTasks('sc')).toHaveLength(3);
    const { drift } = await core.reconcile();
    expect(drift.filter((d) => d.app === 'sc')).toEqual([]);
  }, 300_000);

  it('goes back to one task', async () => {
    const res = await core.scale('sc', 1, new RecordingReporter());
    expect(res.scaled).toMatchObject([{ from: 3, nodes: [expect.any(String)] }]);
    expect(await runningTasks('sc')).toHaveLength(1);
  }, 300_000);

  it('refuses a service that keeps data, naming the folder, and a count out of range; nothing changes', async () => {
    expect((await core.summon('scfiles', undefined, new RecordingReporter())).status).toBe('summoned');
    const err = await core.scale('scfiles', 2, new RecordingReporter()).catch((e: unknown) => e);
    expect(isSummonerError(err) && err.code).toBe('scale.nothing');
    expect((err as Error).message).toContain('/www/files');
    const zero = await core.scale('sc', 0, new RecordingReporter()).catch((e: unknown) => e);
    expect(isSummonerError(zero) && zero.code).toBe('command.invalid_args');
    expect(await runningTasks('scfiles')).toHaveLength(1);
    expect(await runningTasks('sc')).toHaveLength(1);
  }, 300_000);
});
