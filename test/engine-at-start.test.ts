// The questions boot asks the engine before ready go out as plain GETs (src/core/engine/at-start.ts), not
// through dockerode: their answers must be dockerode's, against the real engine.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { containerImage, isSwarmManager } from '../src/core/engine/at-start.js';
import { selfImage } from '../src/core/engine/chown.js';
import { createEngine, describe as describeEngine } from '../src/core/engine/index.js';
import { engineAvailable, SOCKET } from './helpers/docker.js';

const run = engineAvailable();
const engine = createEngine({ socket: SOCKET });
const name = `summoner-at-start-${randomBytes(4).toString('hex')}`;

describe.runIf(run)('engine questions at start, without dockerode', () => {
  afterAll(async () => {
    await engine.docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  });

  it('the Swarm role is the one dockerode reads from the same engine', async () => {
    const d = await describeEngine(engine);
    expect(await isSwarmManager(SOCKET, 10_000)).toBe(d.swarmManager);
  });

  it("a container's image is the one dockerode inspects; selfImage finds it by host name", async () => {
    const c = await engine.docker.createContainer({ name, Image: 'summoner-test/web:2.0', Labels: { 'summoner.test': 'at-start' } });
    const inspected = await c.inspect();
    expect(inspected.Image).toMatch(/^sha256:/);
    expect(await containerImage(SOCKET, name, 10_000)).toBe(inspected.Image);
    expect(await selfImage(engine, { hostname: name, inContainer: true })).toBe(inspected.Image);
    expect(await selfImage(engine, { hostname: name, inContainer: false })).toBeUndefined();
  });

  it('a name is data in the path, an unknown container or a missing socket rejects with what happened', async () => {
    // "../info" would reach GET /info if it were not escaped; escaped, the engine refuses the path (it
    // redirects the cleaned path, which is not followed) instead of answering the /info document
    await expect(containerImage(SOCKET, '../info', 10_000)).rejects.toThrow(/the engine answered (301|404) to GET \/containers\/\.\.%2Finfo\/json/);
    await expect(containerImage(SOCKET, `${name}-none`, 10_000)).rejects.toThrow(/answered 404/);
    await expect(isSwarmManager('/nonexistent/docker.sock', 10_000)).rejects.toThrow(/ENOENT/);
    expect(await selfImage(createEngine({ socket: '/nonexistent/docker.sock' }), { hostname: name, inContainer: true })).toBeUndefined();
  });
});
