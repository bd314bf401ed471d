// The empty PostgreSQL server a restore starts from (src/core/backup/spare.ts), on the real engine: made by a
// backup when none fits, used by the next restore (whose fresh server then skips initdb and the image's set-up),
// made again after it; one made for another server (other settings, a changed password) is never used.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listContainers, removeContainer, startScratchContainer, twinConfigKey } from '../src/core/engine/index.js';
import { LABEL } from '../src/core/types.js';
import { hotPgMinion, sql, wire, type Wired } from './helpers/backup.js';
import { RecordingReporter, engineAvailable, makeTestEnv, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;
const APP = 'sparepg';
const MADE = /^preparing an empty postgres beside .* for a quicker restore/;
const USED = 'on an empty server folder made ahead, so without initdb now';

run("a PostgreSQL restore's spare server folder", () => {
  let env: TestEnv;
  let w: Wired;
  const dir = () => path.join(env.config.dbRoot, APP);
  const notePath = () => path.join(dir(), 'pgdata.summoner-spare.json');
  const note = () => JSON.parse(fs.readFileSync(notePath(), 'utf8')) as { key: string; madeAt: string };
  const count = async () => (await sql(env, APP, 'postgres', 'SELECT COUNT(*), SUM(id) FROM t;')).trim();
  const spareServers = async () => (await listContainers(env.engine, { [LABEL.domain]: env.domain })).filter((c) => c.labels[LABEL.role] === 'spare');

  beforeAll(async () => {
    env = makeTestEnv('spare');
    w = wire(env, [hotPgMinion(APP)]);
    await w.core.summon(APP, undefined, new RecordingReporter());
    await sql(env, APP, 'postgres', 'CREATE TABLE t (id INT PRIMARY KEY, v TEXT); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 1000) g;');
  }, 180_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('a backup makes it once; a restore starts from it, gives the data back, and the next one is made', async () => {
    const r1 = new RecordingReporter();
    const [b] = await w.backups.backup(APP, r1);
    expect(b!.error).toBeUndefined();
    expect(r1.steps.filter((s) => MADE.test(s))).toHaveLength(1);
    // an initialised cluster, shut down cleanly, and its note readable by Summoner only
    expect(fs.readFileSync(path.join(dir(), 'pgdata.summoner-spare', 'PG_VERSION'), 'utf8').trim()).toBe('15');
    expect(fs.statSync(notePath()).mode & 0o777).toBe(0o600);
    const first = note();
    expect(first.key).toBe(await twinConfigKey(env.engine, `postgres-${APP}-${env.domain}`));
    expect(await spareServers()).toEqual([]);

    // a second backup finds it fits: nothing is made again
    const r2 = new RecordingReporter();
    await w.backups.backup(APP, r2);
    expect(r2.steps.filter((s) => MADE.test(s))).toEqual([]);
    expect(note()).toEqual(first);

    const want = await count();
    await sql(env, APP, 'postgres', 'DELETE FROM t WHERE id > 10;');
    const r3 = new RecordingReporter();
    await w.backups.restore(APP, 'latest', r3);
    expect(r3.steps).toContain(USED);
    expect(await count()).toBe(want);
    // the next restore's spare, made once the app was healthy again, and nothing else left beside the folder
    expect(r3.steps.findIndex((s) => MADE.test(s))).toBeGreaterThan(r3.steps.findIndex((s) => /is healthy on the restored data/.test(s)));
    expect(Date.parse(note().madeAt)).toBeGreaterThan(Date.parse(first.madeAt));
    expect(fs.readdirSync(dir()).sort()).toEqual(['pgdata', 'pgdata.summoner-spare', 'pgdata.summoner-spare.json']);
    expect(await spareServers()).toEqual([]);
  }, 240_000);

  it('a spare made for another server is not used: the restore initialises its own, then makes one that fits', async () => {
    const other = 'f'.repeat(64);
    fs.writeFileSync(notePath(), `${JSON.stringify({ ...note(), key: other })}\n`, { mode: 0o600 });
    const want = await count();
    await sql(env, APP, 'postgres', 'DELETE FROM t WHERE id > 10;');
    const r = new RecordingReporter();
    await w.backups.restore(APP, 'latest', r);
    expect(r.steps).not.toContain(USED);
    expect(await count()).toBe(want);
    expect(r.steps.filter((s) => MADE.test(s))).toHaveLength(1);
    expect(note().key).toBe(await twinConfigKey(env.engine, `postgres-${APP}-${env.domain}`));
  }, 240_000);

  it('the key names the server a twin starts as: another password is another key, the same settings the same', async () => {
    const start = (name: string, password: string) =>
      startScratchContainer(env.engine, { name, image: 'summoner-test/web:1.0', env: [`POSTGRES_PASSWORD=${password}`], labels: { [LABEL.domain]: env.domain }, cmd: ['/bin/busybox', 'sleep', '600'] });
    const names = [`spare-key-a-${env.id}`, `spare-key-b-${env.id}`, `spare-key-c-${env.id}`];
    try {
      await start(names[0]!, 'one');
      await start(names[1]!, 'one');
      await start(names[2]!, 'two');
      const [a, b, c] = await Promise.all(names.map((n) => twinConfigKey(env.engine, n)));
      expect(a).toBe(b);
      expect(c).not.toBe(a);
      // the key is a hash: the password is not in it
      expect(a).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      for (const n of names) await removeContainer(env.engine, n).catch(() => undefined);
    }
  }, 60_000);
});
