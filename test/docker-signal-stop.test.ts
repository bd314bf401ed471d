// `signalStop`: the first half of `docker stop` (the container's stop signal, without waiting). A restore's
// swap signals the app this way, then stops it and its database together: the app's restart policy must be off
// from the signal on, or an app that exits when its database goes would be started again on the old data.
// Real engine; the "app" ignores the signal and exits (code 1) once a file appears, as an app exits once its
// database is gone. The engine decides a restart as the process exits: the container is then 'restarting'
// (or running again), else 'exited' for good, so the state after the exit tells which.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, inspectContainer, signalStop, stopContainer } from '../src/core/engine/index.js';
import { SOCKET, engineAvailable } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;

run('signalStop: the stop signal sent, the restart policy off from then on', () => {
  const engine = createEngine({ socket: SOCKET });
  const prefix = `summoner-sigstop-${randomBytes(4).toString('hex')}`;
  const made: string[] = [];

  /** A running container under `unless-stopped` (as Summoner runs apps) that exits 1 once /go exists. */
  async function app(tag: string): Promise<string> {
    const name = `${prefix}-${tag}`;
    const script = 'trap "" TERM; while [ ! -e /go ]; do /bin/busybox sleep 0.05; done; exit 1';
    const c = await engine.docker.createContainer({
      name,
      Image: 'summoner-test/web:1.0',
      Cmd: ['/bin/busybox', 'sh', '-c', script],
      HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'unless-stopped' } },
    });
    made.push(name);
    await c.start();
    return name;
  }

  /** What makes the app exit on its own (its database going, in a swap). */
  async function letExit(name: string): Promise<void> {
    const exec = await engine.docker.getContainer(name).exec({ Cmd: ['/bin/busybox', 'touch', '/go'] });
    await exec.start({ Detach: true });
  }

  afterAll(async () => {
    for (const n of made) await engine.docker.getContainer(n).remove({ force: true }).catch(() => undefined);
  });

  it('without it, such an exit is restarted by the policy (what the swap must avoid)', async () => {
    const name = await app('control');
    await letExit(name);
    await expect.poll(async () => (await inspectContainer(engine, name))?.restartCount, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
  }, 30_000);

  it('after it, the same exit leaves the container exited, not restarted', async () => {
    const name = await app('signalled');
    await signalStop(engine, name);
    // the signal is ignored: the app still runs until its own exit
    expect((await inspectContainer(engine, name))?.state).toBe('running');
    await letExit(name);
    await expect.poll(async () => (await inspectContainer(engine, name))?.state, { timeout: 15_000, interval: 100 }).toBe('exited');
    const after = await inspectContainer(engine, name);
    expect(after?.restartCount).toBe(0);
    expect(after?.exitCode).toBe(1);
    // the stop that follows in a swap finds it stopped: nothing to do, no error
    await stopContainer(engine, name, 5);
  }, 30_000);

  it('a container already stopped, or gone, is no error', async () => {
    const name = await app('stopped');
    await engine.docker.getContainer(name).kill({ signal: 'SIGKILL' });
    await expect.poll(async () => (await inspectContainer(engine, name))?.state, { timeout: 15_000, interval: 100 }).toBe('exited');
    await expect(signalStop(engine, name)).resolves.toBeUndefined();
    await expect(signalStop(engine, `${prefix}-never-made`)).resolves.toBeUndefined();
  }, 30_000);
});
