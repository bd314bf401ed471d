// Issue 18, done-when 4, against the real engine and the real backup module (shell adapter, test catalog):
// a restore that cannot run fails before any confirmation is asked, and says what exists instead (the
// summoned apps; the days that have a backup). A "yes" afterwards has nothing to confirm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAvailable } from './helpers/docker.js';
import { startShellApp, type ShellApp } from './helpers/shell-app.js';

const run = engineAvailable() || process.env.SUMMONER_REQUIRE_ENGINE ? describe : describe.skip;

run('restore checks what can fail before it asks', () => {
  let rig: ShellApp;
  let today: string;
  const say = (text: string) => rig.say(text);
  const pending = () => rig.app.store.pendingFor('shell:tester', 'shell', null);

  beforeAll(async () => {
    rig = await startShellApp('e2erpc');
    expect(await say('summon webpg')).toContain('is ready at');
    expect(await say('backup webpg')).toContain(':white_check_mark: 1 backup(s) done');
    today = new Date().toISOString().slice(0, 10);
  }, 300_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it('an app of the catalog that is not summoned: refused at once, naming what is summoned', async () => {
    const text = await say('restore webdb yesterday');
    expect(text).toContain('webdb is not summoned here');
    expect(text).toContain('summoned here: webpg');
    expect(text).not.toContain('is destructive');
    expect(pending()).toBeUndefined();
  }, 60_000);

  it('a date with no backup: refused at once, listing the days that have one', async () => {
    const text = await say('restore webpg 1999-01-01');
    expect(text).toContain('no backup of webpg matches 1999-01-01');
    expect(text).toContain(`webpg has backups from: ${today}`);
    expect(text).not.toContain('is destructive');
    expect(pending()).toBeUndefined();
  }, 60_000);

  it('the same said in words ("last week"): the date is resolved, then refused before asking', async () => {
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const text = await say('could you restore webpg from a week ago?');
    expect(text).toContain(`no backup of webpg matches ${weekAgo}`);
    expect(text).toContain(`webpg has backups from: ${today}`);
    expect(pending()).toBeUndefined();
  }, 60_000);

  it('a date that has a backup is proposed, canonical, and waits for a yes', async () => {
    const text = await say(`restore webpg ${today}`);
    expect(text).toContain(`**restore webpg ${today}** is destructive`);
    expect(pending()).toBeDefined();
    expect(await say('no')).toMatch(/cancel|declin|not/i);
    expect(pending()).toBeUndefined();
  }, 60_000);
});
