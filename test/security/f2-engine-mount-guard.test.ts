// Issue 12, finding 2, at the engine layer (defence in depth): a plan that carries a bind mount outside
// `<root>/<app>/` (the data root itself, a host system path, another app's folder, a symlink leading out) is
// refused by the engine wrappers before the container or the Swarm service is created, even though the plan
// was built by hand and never went through the catalog. Against the real engine with the local test image.
// On 5a65e0e: the container is created with the outside mount.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, createService, inspectContainer, inspectImage, resolvedDigest, type ImageInfo } from '../../src/core/engine/index.js';
import { chownByEngine } from '../../src/core/engine/chown.js';
import { LABEL, type ContainerPlan } from '../../src/core/types.js';
import { isSummonerError } from '../../src/errors.js';
import { engineAvailable, makeTestEnv, type TestEnv } from '../helpers/docker.js';

const hasEngine = engineAvailable();
let env: TestEnv;
let image: ImageInfo;

function planWith(source: string, name: string): ContainerPlan {
  return {
    name: `${name}-${env.domain}`,
    role: 'app',
    image: 'summoner-test/web:1.0',
    env: {},
    mounts: [{ source, target: '/data', readOnly: false }],
    ports: [],
    networks: [],
    aliases: [],
    labels: { [LABEL.app]: 'guard', [LABEL.domain]: env.domain, [LABEL.managed]: 'true' },
    health: { timeoutS: 5, intervalS: 1 },
  };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isSummonerError(e) ? e.code : `other: ${(e as Error).message}`;
  }
  return 'created';
}

describe.skipIf(!hasEngine)('the engine refuses a mount outside the app folders (issue 12, finding 2)', () => {
  beforeAll(async () => {
    env = makeTestEnv('guard');
    image = (await inspectImage(env.engine, 'summoner-test/web:1.0'))!;
    expect(image).toBeDefined();
    fs.mkdirSync(path.join(env.config.dataRoot, 'guard'), { recursive: true });
    fs.symlinkSync('/etc', path.join(env.config.dataRoot, 'guard', 'sneaky'));
  });
  afterAll(async () => env?.cleanup());

  it.each([
    ['the data root itself (a volume named ..)', () => path.join(env.config.dataRoot, 'guard', '..')],
    ['the app folder itself (a volume named .)', () => path.join(env.config.dataRoot, 'guard')],
    ['a host system path', () => '/etc'],
    ["another app's folder", () => path.join(env.config.dataRoot, 'other', 'data')],
    ['a symlink under the app folder leading out', () => path.join(env.config.dataRoot, 'guard', 'sneaky')],
  ])('%s: refused, and no container exists', async (what, source) => {
    const plan = planWith(source(), `g${Math.random().toString(36).slice(2, 8)}`);
    expect(await refusal(createContainer(env.engine, plan, image))).toBe('engine.mount_refused');
    expect(await inspectContainer(env.engine, plan.name)).toBeUndefined();
  });

  it('the same plan as a Swarm service is refused before the engine is asked', async () => {
    const spec = {
      Name: `guard-${env.id}`,
      Labels: { [LABEL.app]: 'guard' },
      TaskTemplate: { ContainerSpec: { Image: 'summoner-test/web:1.0', Mounts: [{ Type: 'bind' as const, Source: '/etc', Target: '/data' }] } },
    };
    // on a non-Swarm engine a request that reached it would fail with a Swarm error instead
    expect(await refusal(createService(env.engine, spec))).toBe('engine.mount_refused');
  });

  it('the chown helper (a root container) refuses a folder outside the apps\' folders before it is created', async () => {
    // harmless targets only (temp folders of this run): on a build without the guard they would be chowned
    const outside = path.join(env.root, 'outside');
    fs.mkdirSync(outside, { recursive: true });
    fs.symlinkSync(outside, path.join(env.config.dataRoot, 'guard', 'leads-out'));
    const chown = (target: string) => refusal(chownByEngine(env.engine, 'summoner-test/web:1.0', target, { uid: 4242, gid: 4242 }));
    expect(await chown(env.config.dataRoot)).toBe('engine.mount_refused');
    expect(await chown(outside)).toBe('engine.mount_refused');
    expect(await chown(path.join(env.config.dataRoot, 'guard', 'leads-out'))).toBe('engine.mount_refused');
    expect(fs.statSync(outside).uid).not.toBe(4242);
  });

  it('a folder of the app under the data root is mounted (the control), with the compose file\'s hardening', async () => {
    const plan = {
      ...planWith(path.join(env.config.dataRoot, 'guard', 'files'), 'gok'),
      limits: { capDrop: ['NET_RAW', 'SYS_CHROOT'], readOnly: true, noNewPrivileges: true, memoryBytes: 64 * 1024 * 1024, tmpfs: { '/tmp': 'size=8m' } },
    };
    fs.mkdirSync(plan.mounts[0]!.source, { recursive: true });
    const r = await createContainer(env.engine, plan, image);
    expect(r.id).toMatch(/^[0-9a-f]{64}$/);
    const info = await inspectContainer(env.engine, plan.name);
    expect(info?.labels[LABEL.app]).toBe('guard');
    // what the tag resolved to is recorded (a local image has no registry digest: its id)
    expect(info?.labels[LABEL.imageDigest]).toEqual(image.repoDigests.length ? expect.stringMatching(/^sha256:[0-9a-f]{64}$/) : image.id);
    const hc = (await env.engine.docker.getContainer(plan.name).inspect()).HostConfig;
    // the compose file's own drops join the least-privilege defaults (NET_RAW, MKNOD), once each
    expect([...(hc.CapDrop ?? [])].sort()).toEqual(['MKNOD', 'NET_RAW', 'SYS_CHROOT']);
    expect(hc.ReadonlyRootfs).toBe(true);
    expect(hc.SecurityOpt).toContain('no-new-privileges:true');
    expect(hc.Memory).toBe(64 * 1024 * 1024);
    expect(hc.Tmpfs).toEqual({ '/tmp': 'size=8m' });
  });
});

describe('what an image reference resolved to', () => {
  const id = `sha256:${'1'.repeat(64)}`;
  const d = (c: string) => `sha256:${c.repeat(64)}`;
  it('is the pinned digest, else the repository digest, else the image id', () => {
    expect(resolvedDigest(`postgres:16@${d('a')}`, { id, repoDigests: [`postgres@${d('b')}`] })).toBe(d('a'));
    expect(resolvedDigest('127.0.0.1:5000/app:1.2', { id, repoDigests: [`other@${d('c')}`, `127.0.0.1:5000/app@${d('b')}`] })).toBe(d('b'));
    expect(resolvedDigest('summoner-test/web:1.0', { id, repoDigests: [] })).toBe(id);
  });
});
