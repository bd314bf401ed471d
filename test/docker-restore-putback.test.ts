// The old data folder is the safety net of a restore's swap: it is kept (renamed beside the new one) until
// the database and the app pass their health gates on the restored data, and put back when they do not.
// Real MariaDB (the local Debian image): a backup that loads and checks fine but on which the database's
// own health check fails (it holds a table the check refuses) is swapped in, fails its gate, and the data
// from before the restore comes back, running, with nothing left over. And after a swap that stands, a safety
// copy that cannot be taken leaves the replaced folder where it is, named in the result.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listContainers } from '../src/core/engine/index.js';
import type { Minion } from '../src/core/types.js';
import { hotDbMinion, sql, wire, type Wired } from './helpers/backup.js';
import { RecordingReporter, engineAvailable, makeTestEnv, type TestEnv } from './helpers/docker.js';

const run = engineAvailable() ? describe : describe.skip;
const APP = 'putback';

/** Healthy while the database answers and holds no table `poison` (the gate the restored data fails). */
function poisonGatedMinion(): Minion {
  const m = hotDbMinion(APP);
  const ask = (q: string) => `mariadb -h127.0.0.1 -uapp -p"$MARIADB_PASSWORD" app -N -e "${q}"`;
  return {
    ...m,
    database: {
      ...m.database!,
      // long enough for a start on a loaded machine; the failing gate after the swap waits all of it
      health: { exec: ['sh', '-c', `${ask('select 1')} && ! ${ask('select 1 from poison limit 0')} 2>/dev/null`], timeoutS: 150, intervalS: 1 },
    },
  };
}

run('a restore whose database fails its health gate on the restored data puts the data before back', () => {
  let env: TestEnv;
  let w: Wired;

  beforeAll(async () => {
    env = makeTestEnv('rputb');
    w = wire(env, [poisonGatedMinion()]);
    await w.core.summon(APP, undefined, new RecordingReporter());
  }, 600_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it('keeps the replaced folder until the gate, then swaps it back: the live rows are those of before, running, nothing left over', async () => {
    await sql(env, APP, 'mariadb', "CREATE TABLE items (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO items VALUES (1, 'one'), (2, 'two'); CREATE TABLE poison (x INT);");
    const [b] = await w.backups.backup(APP, new RecordingReporter());
    expect(b?.ok).toBe(true);
    // since the backup: the poison is gone (the live database passes its gate) and a row was written
    await sql(env, APP, 'mariadb', "DROP TABLE poison; INSERT INTO items VALUES (3, 'after');");
    const before = await sql(env, APP, 'mariadb', 'SELECT id, v FROM items ORDER BY id;');
    expect(before).toContain('after');

    const r = new RecordingReporter();
    const err = await w.backups.restore(APP, path.basename(b!.file!), r).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(err?.code).toBe('backup.restore_failed');
    expect(err!.message).toMatch(/did not come back healthy on the restored data/);
    expect(err!.message).toMatch(/its data before the restore is back in place/);
    // the swap happened (the restored data was started), then the folder from before went back
    expect(r.steps.some((s) => /on the restored data/.test(s))).toBe(true);
    expect(r.steps.some((s) => /putting its data before back/.test(s))).toBe(true);

    expect(await sql(env, APP, 'mariadb', 'SELECT id, v FROM items ORDER BY id;')).toBe(before);
    expect(await sql(env, APP, 'mariadb', "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'app' AND table_name = 'poison';")).toBe('0\n');
    expect((await w.core.status(APP))[0]!.state).toBe('running');
    // no restore folder (fresh, replaced or failed) and no twin container left
    const folders = fs.readdirSync(path.join(env.config.dbRoot, APP)).filter((f) => f.includes('restore-'));
    const twins = (await listContainers(env.engine, { 'summoner.domain': env.domain })).filter((c) => c.name.startsWith('summoner-restore-'));
    expect([...folders, ...twins.map((c) => c.name)]).toEqual([]);
  }, 1_200_000);

  it('when the safety copy cannot be taken after the swap, the restore stands and the replaced folder stays, named in the result', async () => {
    const [b] = await w.backups.backup(APP, new RecordingReporter());
    expect(b?.ok).toBe(true);
    await sql(env, APP, 'mariadb', "INSERT INTO items VALUES (4, 'since the backup');");
    const dbDir = path.join(env.config.dbRoot, APP);
    // the server on the kept folder cannot start: where the folder was, the engine finds a file to mount
    let moved: { kept: string; aside: string } | undefined;
    const r = new (class extends RecordingReporter {
      override step(text: string): void {
        super.step(text);
        if (moved || !/from its kept folders/.test(text)) return;
        const kept = path.join(dbDir, fs.readdirSync(dbDir).find((f) => f.includes('.before-restore-'))!);
        moved = { kept, aside: `${kept}.aside` };
        fs.renameSync(kept, moved.aside);
        fs.writeFileSync(kept, 'not a folder');
      }
    })();
    const res = await w.backups.restore(APP, path.basename(b!.file!), r);
    // the restore stands: the rows of the backup, running; no safety copy, and the note names where the data stays
    expect(await sql(env, APP, 'mariadb', 'SELECT COUNT(*) FROM items WHERE id = 4;')).toBe('0\n');
    expect((await w.core.status(APP))[0]!.state).toBe('running');
    expect(res.safety).toBeUndefined();
    expect(moved).toBeDefined();
    expect(res.notes.join(' ')).toContain(`no safety backup of the data from before could be taken`);
    expect(res.notes.join(' ')).toContain(`it stays in ${moved!.kept}`);
    expect(r.steps.some((s) => s.includes(`the data from before stays in ${moved!.kept}`))).toBe(true);
    // nothing was deleted: what the swap replaced is still there (here, where the test moved it), its safety twin gone
    expect(fs.readdirSync(moved!.aside).length).toBeGreaterThan(0);
    const twins = (await listContainers(env.engine, { 'summoner.domain': env.domain })).filter((c) => c.name.startsWith('summoner-restore-'));
    expect(twins.map((c) => c.name)).toEqual([]);
    fs.rmSync(moved!.kept, { force: true });
    fs.rmSync(moved!.aside, { recursive: true, force: true });
  }, 600_000);
});
