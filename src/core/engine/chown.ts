// Handing a folder to an image's user when Summoner is not root (its own container runs as `node`): the engine
// does it, in a throwaway container of Summoner's own image (it has `chown`; the apps' images may not) run as
// root with only that folder mounted. Whoever holds the Docker socket holds the host anyway: this asks for
// nothing more, and keeps Summoner's process itself unprivileged.
import fs from 'node:fs';
import os from 'node:os';
import { containerImage } from './at-start.js';
import { mapEngineError } from './errors.js';
import type { Engine } from './connection.js';
import { assertInsideAnApp } from './mount-guard.js';

export type Chown = (target: string, owner: { uid: number; gid: number }) => Promise<void>;

/**
 * The image this process runs from, when it runs in a container of this engine: Docker names a container's
 * host after the first 12 characters of its id. undefined elsewhere (or with a custom hostname).
 */
export async function selfImage(engine: Engine, o: { hostname?: string; inContainer?: boolean } = {}): Promise<string | undefined> {
  const inContainer = o.inContainer ?? fs.existsSync('/.dockerenv');
  if (!inContainer) return undefined;
  try {
    // a plain GET (./at-start.ts): asked before ready, it must not load dockerode
    return await containerImage(engine.socket, o.hostname ?? os.hostname(), 5000); // the image id: the same bytes even if its tag moved on
  } catch {
    return undefined; // no engine yet, or not our container: folders keep Summoner's owner (and a warning)
  }
}

/** chown -R target to uid:gid through the engine; rejects with the helper's output when it fails. */
export async function chownByEngine(engine: Engine, image: string, target: string, owner: { uid: number; gid: number }): Promise<void> {
  const doing = `handing ${target} to ${owner.uid}:${owner.gid}`;
  assertInsideAnApp(engine, target);
  let id: string | undefined;
  try {
    const c = await engine.docker.createContainer({
      Image: image,
      User: '0:0',
      Entrypoint: ['chown', '-R', `${owner.uid}:${owner.gid}`, '/target'],
      Cmd: [],
      Labels: { 'summoner.role': 'helper' },
      HostConfig: { Binds: [`${target}:/target`], NetworkMode: 'none' },
    });
    id = c.id;
    await c.start();
    const r = (await c.wait()) as { StatusCode: number };
    if (r.StatusCode !== 0) {
      const out = (await c.logs({ stdout: true, stderr: true, tail: 5 })).toString('utf8').replace(/[\x00-\x08]/g, '').trim();
      throw new Error(`chown exited with ${r.StatusCode}${out ? `: ${out}` : ''}`);
    }
  } catch (err) {
    throw mapEngineError(err, { doing, socket: engine.socket });
  } finally {
    if (id) await engine.docker.getContainer(id).remove({ force: true }).catch(() => undefined);
  }
}
