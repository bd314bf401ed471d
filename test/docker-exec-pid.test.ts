// `execPid`: the PID of a tool run in a container, as this machine sees it, used to lower a safety dump's CPU
// priority (and by a test to kill a dump mid-way). An engine reports the PID in its own PID namespace: on the
// host's engine it is this machine's; on a Swarm node's engine (its dockerd in a container of its own, reached
// over TCP, as an engine Summoner reaches from another machine or from inside its own container) the number
// names another process here, or none. Such a number must never be used: execPid gives it only when this
// machine's /proc shows that PID inside the exec's own container.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, execPid, type Engine } from '../src/core/engine/index.js';
import { SOCKET, engineAvailable } from './helpers/docker.js';
import { nodeEngine, swarmNodesAvailable } from './helpers/swarm-nodes.js';

const run = engineAvailable() && swarmNodesAvailable() ? describe : describe.skip;

run('execPid: a PID only when it is the tool’s own process on this machine', () => {
  const name = `summoner-execpid-${randomBytes(4).toString('hex')}`;
  const started: [Engine, string][] = [];

  /** A container that sleeps, and an exec of `sleep` in it, started: the exec's id. */
  async function sleeperExec(engine: Engine): Promise<string> {
    const c = await engine.docker.createContainer({ name, Image: 'summoner-test/web:1.0', Cmd: ['/bin/busybox', 'sleep', '300'], HostConfig: { NetworkMode: 'none' } });
    started.push([engine, name]);
    await c.start();
    const exec = await c.exec({ Cmd: ['/bin/busybox', 'sleep', '299'] });
    await exec.start({ Detach: true });
    return exec.id;
  }

  afterAll(async () => {
    for (const [engine, n] of started) await engine.docker.getContainer(n).remove({ force: true }).catch(() => undefined);
  });

  it('on this machine’s engine: the tool’s PID, a process of its container', async () => {
    const engine = createEngine({ socket: SOCKET });
    const id = await sleeperExec(engine);
    const pid = await execPid(engine, id);
    expect(pid).toBeGreaterThan(0);
    // (for a moment after its start the process has not yet become the tool: its command line is empty)
    await expect.poll(() => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'), { timeout: 10_000 }).toEqual(['/bin/busybox', 'sleep', '299', '']);
    const cid = (await engine.docker.getContainer(name).inspect()).Id;
    expect(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8')).toContain(cid);
  }, 60_000);

  it('on an engine in another PID namespace (a Swarm node’s, over TCP): none, though the engine reports one', async () => {
    const engine = nodeEngine('worker2');
    const id = await sleeperExec(engine);
    // the engine does report a PID (of its own namespace)...
    await expect.poll(async () => ((await engine.docker.getExec(id).inspect()) as { Pid?: number }).Pid, { timeout: 10_000 }).toBeGreaterThan(0);
    // ...which execPid does not give: it is not the tool here
    expect(await execPid(engine, id)).toBeUndefined();
  }, 60_000);
});
