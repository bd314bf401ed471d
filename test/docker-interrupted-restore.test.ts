// What a restore or a verify stopped part-way leaves (the bot or the host went down mid-way), cleared at the bot's
// next start (src/core/backup/interrupted.ts): the throw-away servers on the real engine, and beside the data
// folders the staged dump, the fresh folders, a restore's spare being made, and a swap stopped between its two renames. The leftovers are laid
// out as twin-restore.ts and verify-run.ts name them; what predates the start goes, what the process made since
// (its own work in flight) and data a restore replaced stay.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectContainer, listContainers, startScratchContainer } from '../src/core/engine/index.js';
import { LABEL } from '../src/core/types.js';
import { wire, type Wired } from './helpers/backup.js';
import { engineAvailable, makeTestEnv, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;
const TAG = 'restore-20261206T101500Z-0badc0de';
const LATER = 'restore-20261206T111500Z-0ddba11e';
const TWO = 'restore-20261206T103000Z-7e57ab1e';
/** An earlier restore that stood. */
const STOOD = 'restore-20261205T101500Z-5a1ad000';

run('what an interrupted restore or verify left, cleared at the next start', () => {
  let env: TestEnv;
  let w: Wired;
  let dir: string;
  const labels = (role: string) => ({ [LABEL.managed]: 'true', [LABEL.domain]: env.domain, [LABEL.app]: 'crashed', [LABEL.role]: role });
  const folder = (name: string, file?: string) => {
    fs.mkdirSync(path.join(dir, name), { recursive: true, mode: 0o700 });
    if (file) fs.writeFileSync(path.join(dir, name, 'PG_VERSION'), file);
  };
  const server = (name: string, role: string) => startScratchContainer(env.engine, { name, image: 'summoner-test/web:1.0', env: [], labels: labels(role), cmd: ['/bin/busybox', 'sleep', '600'] });

  beforeAll(() => {
    env = makeTestEnv('intr');
    w = wire(env, []);
    dir = path.join(env.config.dbRoot, 'crashed');
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('removes the servers, the staged dump and the fresh folders, puts back a half-swapped folder, and keeps the rest', async () => {
    // stopped while loading: the live folder, its fresh twin folder, the dump staged beside them, the twin server
    folder('pgdata', 'live');
    folder(`pgdata.${TAG}`, 'loaded, never swapped in');
    folder(`pgdata.${TAG}-load`, 'staged dump');
    // stopped between the swap's two renames: the folder is gone, the data from before is beside it
    folder(`wal.before-${TAG}`, 'wal before the restore');
    folder(`wal.${TAG}`, 'wal restored, unproven');
    // a database on two folders, stopped between the swaps of its two folders: the first holds the restored data, the
    // second is missing; both go back to their data from before, never a mix
    folder('two-a', 'two-a restored, unproven');
    folder(`two-a.before-${TWO}`, 'two-a before');
    folder(`two-b.before-${TWO}`, 'two-b before');
    folder(`two-b.${TWO}`, 'two-b restored, unproven');
    // a restore that ended, whose safety copy could not be taken: its replaced data is kept, said in its result
    folder('files', 'files restored');
    folder(`files.before-${STOOD}`, 'files before');
    // a verify's throw-away folder, and a failed swap's
    folder('pgdata.verify-5eedf00d', 'verify');
    folder('pgdata.verify-5eedf00d-load', 'verify staged dump');
    folder(`pgdata.failed-${TAG}`, 'failed');
    // a restore's spare being made (spare.ts), and one made before, with its note: the first goes, the second stays
    folder('pgdata.summoner-spare-5a5ef00d', 'spare in the making');
    folder('pgdata.summoner-spare', 'spare');
    fs.writeFileSync(path.join(dir, 'pgdata.summoner-spare.json'), '{"key":"k","madeAt":"2026-12-06T10:00:00.000Z"}\n');
    // not ours: a look-alike without the tag's shape, and a link out of dbRoot
    folder('pgdata.restore-by-hand', 'kept');
    const outside = fs.mkdtempSync(path.join(env.config.dataRoot, '..', 'outside-'));
    fs.symlinkSync(outside, path.join(dir, `pgdata.restore-20261206T101500Z-0badf00d`));
    await server('summoner-restore-crashed-0badc0de', 'restore');
    await server('summoner-verify-crashed-5eedf00d', 'verify');
    await server('summoner-spare-crashed-5a5ef00d', 'spare');
    await server(`web-crashed-${env.domain}`, 'app');

    // the bot starts: everything above predates it (the engine tells whole seconds)
    const made = (await listContainers(env.engine, { [LABEL.domain]: env.domain })).map((c) => c.created);
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan((Math.max(...made) + 1) * 1000), { timeout: 3000, interval: 50 });
    const startedAt = Date.now();
    // this process's own restore, begun after the start: never touched
    // (past the file system's coarse clock, which may stamp a few milliseconds behind)
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(startedAt + 50), { timeout: 1000, interval: 5 });
    folder(`pgdata.${LATER}`, 'in flight');
    await server('summoner-restore-crashed-0ddba11e', 'restore');

    const r = await w.backups.sweepInterrupted(startedAt);

    expect(r.containers.sort()).toEqual(['summoner-restore-crashed-0badc0de', 'summoner-spare-crashed-5a5ef00d', 'summoner-verify-crashed-5eedf00d']);
    expect(await inspectContainer(env.engine, 'summoner-restore-crashed-0badc0de')).toBeUndefined();
    expect((await inspectContainer(env.engine, 'summoner-restore-crashed-0ddba11e'))?.state).toBe('running');
    expect((await inspectContainer(env.engine, `web-crashed-${env.domain}`))?.state).toBe('running');
    expect(r.putBack.sort()).toEqual([path.join(dir, 'two-a'), path.join(dir, 'two-b'), path.join(dir, 'wal')]);
    expect(fs.readFileSync(path.join(dir, 'wal', 'PG_VERSION'), 'utf8')).toBe('wal before the restore');
    expect(fs.readFileSync(path.join(dir, 'two-a', 'PG_VERSION'), 'utf8')).toBe('two-a before');
    expect(fs.readFileSync(path.join(dir, 'two-b', 'PG_VERSION'), 'utf8')).toBe('two-b before');
    expect(r.removed.map((f) => path.basename(f)).sort()).toEqual([`pgdata.${TAG}`, `pgdata.${TAG}-load`, `pgdata.failed-${TAG}`, 'pgdata.summoner-spare-5a5ef00d', 'pgdata.verify-5eedf00d', 'pgdata.verify-5eedf00d-load', `wal.${TAG}`, `two-a.failed-${TWO}`, `two-b.${TWO}`].sort());
    expect(r.kept).toEqual([path.join(dir, `files.before-${STOOD}`)]);
    expect(r.failed).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(['files', `files.before-${STOOD}`, 'pgdata', 'pgdata.summoner-spare', 'pgdata.summoner-spare.json', 'two-a', 'two-b', `pgdata.${LATER}`, 'pgdata.restore-20261206T101500Z-0badf00d', 'pgdata.restore-by-hand', 'wal'].sort());
    expect(fs.readFileSync(path.join(dir, 'pgdata', 'PG_VERSION'), 'utf8')).toBe('live');
    // the link was not followed
    expect(fs.existsSync(outside)).toBe(true);

    // a second start finds nothing more to clear
    const again = await w.backups.sweepInterrupted(startedAt);
    expect(again).toEqual({ containers: [], removed: [], putBack: [], kept: [path.join(dir, `files.before-${STOOD}`)], failed: [] });
  }, 60_000);
});
