// The backup commands through the robot, as a team uses them: the shell adapter, the test catalog
// (test/minions/webpg: PostgreSQL, hot backups), the real engine. backup → backups → verify → restore
// (confirmed) → the data is back; `backup all` ends with its table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from './helpers/backup.js';
import { engineAvailable, type TestEnv } from './helpers/docker.js';
import { startShellApp, type ShellApp } from './helpers/shell-app.js';

const run = engineAvailable() ? describe : describe.skip;

run('backup commands through the shell adapter', () => {
  let env: TestEnv;
  let rig: ShellApp;
  const say = (text: string) => rig.say(text);

  beforeAll(async () => {
    rig = await startShellApp('e2ebak');
    env = rig.env;
    expect(await say('summon webpg')).toContain('is ready at');
    await sql(env, 'webpg', 'postgres', "CREATE TABLE notes (id INT PRIMARY KEY, body TEXT); INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, 250) g;");
  }, 180_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it('backup <app> ends with the table; backups lists it', async () => {
    const text = await say('backup webpg');
    expect(text).toContain('backing up webpg…');
    expect(text).toContain(':white_check_mark: 1 backup(s) done');
    expect(text).toMatch(/\| webpg \| dump \| [\d.]+ kB \| [\d.]+ s \| `[0-9a-f]{12}` \| :white_check_mark: ok \|/);
    const list = await say('backups webpg');
    expect(list).toMatch(/\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \| dump \(postgres\) \| [\d.]+ kB \| [\d.]+ s \| `[0-9a-f]{12}` \| manual \| – \| – \|/);
  }, 120_000);

  it('verify says it restores, and backups shows it verified', async () => {
    const text = await say('verify webpg');
    expect(text).toMatch(/:white_check_mark: webpg-\S+-dump\.pgdump\.(zst|gz) restores: 1 tables, 250 rows and their checksums as recorded/);
    expect(await say('backups webpg')).toContain('| manual | :white_check_mark: |');
  }, 180_000);

  it('restore asks first; on yes the data is back and the app healthy', async () => {
    await sql(env, 'webpg', 'postgres', 'DELETE FROM notes WHERE id > 5;');
    const proposal = await say('restore webpg');
    // the confirmation names the file, its time, kind and size
    expect(proposal).toMatch(/replace webpg's current data with webpg-\d{8}T\d{6}Z-dump\.pgdump\.\w+ \(manual dump, postgres, taken \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, [\d.]+ kB\)/);
    expect((await sql(env, 'webpg', 'postgres', 'SELECT COUNT(*) FROM notes')).trim()).toBe('5');
    const done = await say('yes');
    expect(done).toMatch(/:white_check_mark: webpg is restored from webpg-\S+-dump\.pgdump\.\w+/);
    expect(done).toMatch(/The state before is in webpg-\S+-dump/);
    expect(done).toMatch(/Checked before the swap: 1 tables, 250 rows and their checksums as recorded/);
    expect((await sql(env, 'webpg', 'postgres', 'SELECT COUNT(*) FROM notes')).trim()).toBe('250');
    expect(await say('status webpg')).toMatch(/running, healthy|healthy/);
  }, 180_000);

  it('backup all over what is summoned; an unknown app is refused with a suggestion', async () => {
    const text = await say('backup all');
    expect(text).toMatch(/\| webpg \| dump \|/);
    expect(await say('backup webpgg')).toMatch(/did you mean .*webpg/i);
  }, 120_000);
});
