// `backup summoner` / `restore summoner` through the real entry point (the shell, no engine: Summoner's own
// state needs none, so this is the same on one host and on a Swarm manager). The snapshot holds the bot's
// state and not the apps' roots that live inside stateDir by default; a confirmed restore puts it back once the
// bot stopped, keeps what was there beside it, and leaves the apps' data and backups alone. A damaged snapshot or
// a marker pointing outside the backup root changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applyPendingRestore, RESTORE_MARKER } from '../src/state/backups.js';
import { MIGRATIONS } from '../src/schema.js';
import pino from 'pino';
import backup from '../commands/backup.js';
import backups from '../commands/backups.js';
import restore from '../commands/restore.js';
import { createApp } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { RecordingChat } from './helpers/recording-chat.js';
import { runMain } from './helpers/main-process.js';
import { tmpDir } from './helpers/robot.js';

function setup(): { cwd: string; run: (args: string[], input?: string) => ReturnType<typeof runMain> } {
  const cwd = tmpDir('summoner-statebackup-');
  fs.writeFileSync(path.join(cwd, 'summoner.yml'), `domain: example.test\nengine:\n  socket: ${path.join(cwd, 'no-docker.sock')}\n`);
  // an app's data and backups under the default roots (inside ./state), and a generated secret of the bot's
  fs.mkdirSync(path.join(cwd, 'state/data/wekan'), { recursive: true });
  fs.writeFileSync(path.join(cwd, 'state/data/wekan/board.txt'), 'v1');
  fs.mkdirSync(path.join(cwd, 'state/backups/wekan'), { recursive: true });
  fs.writeFileSync(path.join(cwd, 'state/backups/wekan/old.sql'), 'dump');
  fs.mkdirSync(path.join(cwd, 'state/secrets'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(cwd, 'state/secrets/wekan.env'), 'MONGO_PASSWORD=first\n', { mode: 0o600 });
  return { cwd, run: (args, input) => runMain(args, { cwd, ...(input === undefined ? {} : { input }) }) };
}

const snapshots = (cwd: string) => fs.readdirSync(path.join(cwd, 'state/backups/summoner')).filter((n) => n.startsWith('summoner-state-'));

describe("Summoner's own state", () => {
  it('is backed up without the apps\' roots, listed, and put back by a confirmed one-shot restore', async () => {
    const { cwd, run } = setup();
    expect((await run(['ping'])).code).toBe(0);
    const b = await run(['backup', 'summoner']);
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/Summoner's state backed up: summoner-state-\d{8}T\d{6}Z \(2 files, .*SQLite's integrity check ok/);
    const [name] = snapshots(cwd);
    const dir = path.join(cwd, 'state/backups/summoner', name!);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, 'secrets/wekan.env')).mode & 0o777).toBe(0o600);
    // the apps' roots are not state: not copied (and the backup root not into itself)
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
    expect((await run(['backups', 'summoner'])).out).toContain(`| 2 | `);

    // after the backup: a command audited, the secret rotated, the app's data changed
    expect((await run(['whoami'])).code).toBe(0);
    fs.writeFileSync(path.join(cwd, 'state/secrets/wekan.env'), 'MONGO_PASSWORD=second\n', { mode: 0o600 });
    fs.writeFileSync(path.join(cwd, 'state/data/wekan/board.txt'), 'v2');

    const proposal = await run(['restore', 'summoner']);
    expect(proposal.code).toBe(0);
    expect(proposal.out).toContain(`with ${name}, taken`);
    const yes = await run(['yes']);
    expect(yes.code).toBe(0);
    expect(yes.out).toContain(`Summoner's state was restored from ${name}`);

    // the state is the snapshot's: the secret as it was, the audit without what came after
    expect(fs.readFileSync(path.join(cwd, 'state/secrets/wekan.env'), 'utf8')).toBe('MONGO_PASSWORD=first\n');
    const history = (await run(['history', '50'])).out;
    expect(history).toContain('`ping`');
    expect(history).not.toContain('`whoami`');
    expect(history).not.toContain('`restore summoner`');
    // the apps' data and backups untouched; what the state held before is kept beside it
    expect(fs.readFileSync(path.join(cwd, 'state/data/wekan/board.txt'), 'utf8')).toBe('v2');
    expect(fs.readFileSync(path.join(cwd, 'state/backups/wekan/old.sql'), 'utf8')).toBe('dump');
    const kept = fs.readdirSync(path.join(cwd, 'state')).filter((n) => n.startsWith('.before-restore-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(cwd, 'state', kept[0]!, 'secrets/wekan.env'), 'utf8')).toBe('MONGO_PASSWORD=second\n');
    expect(fs.existsSync(path.join(cwd, 'state', kept[0]!, 'summoner.db'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'state', RESTORE_MARKER))).toBe(false);
  }, 120_000);

  it('in the bot: the yes asks for a restart; the next start puts the state back and says so in ops', async () => {
    const stateDir = tmpDir('summoner-statebot-');
    const config = configSchema.parse({ stateDir, dataRoot: path.join(stateDir, 'data'), backupRoot: path.join(stateDir, 'backups'), dbRoot: path.join(stateDir, 'databases'), admins: ['u-admin'], channels: { ops: 'ops' } });
    const log = pino({ level: 'silent' });
    const admin = { userId: 'u-admin', userName: 'ada' };
    let restarts: string[] = [];
    const boot = async () => {
      const chat = new RecordingChat();
      // no engine here: the three commands given as they are (a bot always has them with its core)
      const app = await createApp({ config, secrets: {}, log, chat, commands: [backup, backups, restore], onRestart: (reason) => restarts.push(reason) });
      await app.start();
      return { app, chat };
    };
    let { app, chat } = await boot();
    await chat.say('backup summoner', admin);
    expect(chat.posts.at(-1)!.out.text).toContain("Summoner's state backed up");
    const after = await chat.say('ping', admin); // after the backup: gone from the audit once restored
    app.store.kv.set('chat.lastPost.ops', 'read after the backup');
    await chat.say('restore summoner', admin);
    expect(restarts).toEqual([]); // a proposal only
    await chat.say('yes', admin);
    await vi.waitFor(() => expect(restarts).toEqual(['restore summoner']), { timeout: 5000 });
    expect(chat.posts.map((p) => p.out.text).join('\n')).toContain('it stops now and starts again on it');
    await app.stop('restore summoner');

    restarts = [];
    ({ app, chat } = await boot());
    const said = chat.posts.filter((p) => p.channelId === 'ops').map((p) => p.out);
    expect(said.find((o) => o.text?.includes("Summoner's state was restored from summoner-state-"))).toMatchObject({ color: 'good' });
    expect(app.store.history(50).map((r) => r.text)).not.toContain('ping');
    // but what was delivered stays delivered: the messages handled since the snapshot are still seen (a chat's
    // catch-up does not run them again) and the chat's read position is the one of before the restore
    expect(app.store.seen(after.id)).toBe(true);
    expect(app.store.kv.get('chat.lastPost.ops')).toBe('read after the backup');
    // the snapshot was taken mid-command: its `backup summoner` row ended there, and now says so
    const row = app.store.history(50).find((r) => r.text === 'backup summoner');
    expect(row?.outcome).toBe('interrupted');
    expect(app.store.history(50).filter((r) => r.outcome === 'running')).toEqual([]);
    await app.stop('done');
  }, 60_000);

  it("a command left running by a crash reads 'interrupted' at the next start, never by a one-shot guest", async () => {
    const stateDir = tmpDir('summoner-statecrash-');
    const config = configSchema.parse({ stateDir, dataRoot: path.join(stateDir, 'data'), backupRoot: path.join(stateDir, 'backups'), dbRoot: path.join(stateDir, 'databases'), admins: ['u-admin'], channels: { ops: 'ops' } });
    const log = pino({ level: 'silent' });
    const chat = new RecordingChat();
    const bot = await createApp({ config, secrets: {}, log, chat, commands: [backup] });
    await bot.start();
    // a command the bot is running (its row opened, not finished) when a guest starts beside it
    const id = bot.store.startAudit({ userId: 'u-admin', userName: 'ada', channelId: 'ops', source: 'test', messageId: 'm-1', text: 'backup all' });
    await bot.store.sqlite.committed(); // a guest is another process: it sees the row once committed
    const guest = await createApp({ config, secrets: {}, log, chat: new RecordingChat(), commands: [backup], background: false, recoverAtStart: false });
    await guest.start();
    expect(guest.store.history(5).find((r) => r.id === id)?.outcome).toBe('running');
    await guest.stop('one-shot done');
    // the bot dies without finishing it (no stop: a crash), the next bot marks it
    bot.store.close();
    const next = await createApp({ config, secrets: {}, log, chat: new RecordingChat(), commands: [backup] });
    await next.start();
    expect(next.store.history(5).find((r) => r.id === id)?.outcome).toBe('interrupted');
    await next.stop('done');
  }, 60_000);

  it('in the interactive shell: the yes closes it, the state is put back, and it says so', async () => {
    const { cwd, run } = setup();
    expect((await run(['backup', 'summoner'])).code).toBe(0);
    fs.writeFileSync(path.join(cwd, 'state/secrets/wekan.env'), 'MONGO_PASSWORD=second\n', { mode: 0o600 });
    const r = await run([], 'restore summoner\nyes\n');
    expect(r.out).toContain("Summoner's state was restored from summoner-state-");
    expect(r.out).toContain('Start `summoner` again');
    expect(fs.readFileSync(path.join(cwd, 'state/secrets/wekan.env'), 'utf8')).toBe('MONGO_PASSWORD=first\n');
  }, 120_000);

  it('a damaged snapshot is refused at the yes and nothing changes', async () => {
    const { cwd, run } = setup();
    expect((await run(['backup', 'summoner'])).code).toBe(0);
    const [name] = snapshots(cwd);
    fs.writeFileSync(path.join(cwd, 'state/backups/summoner', name!, 'summoner.db'), 'not a database, same name');
    fs.writeFileSync(path.join(cwd, 'state/secrets/wekan.env'), 'MONGO_PASSWORD=second\n', { mode: 0o600 });
    expect((await run(['restore', 'summoner'])).code).toBe(0);
    const yes = await run(['yes']);
    expect(yes.code).toBe(1);
    expect(yes.out).toContain("summoner.db is not an SQLite database");
    expect(fs.readFileSync(path.join(cwd, 'state/secrets/wekan.env'), 'utf8')).toBe('MONGO_PASSWORD=second\n');
    expect(fs.existsSync(path.join(cwd, 'state', RESTORE_MARKER))).toBe(false);
    expect(fs.readdirSync(path.join(cwd, 'state')).some((n) => n.startsWith('.before-restore-'))).toBe(false);
  }, 120_000);

  it('a marker naming a folder outside the backup root is refused at start and dropped; nothing moves', async () => {
    const { cwd } = setup();
    const state = path.join(cwd, 'state');
    const elsewhere = tmpDir('summoner-elsewhere-');
    fs.writeFileSync(path.join(elsewhere, 'summoner-state.json'), JSON.stringify({ kind: 'summoner-state', files: [] }));
    fs.writeFileSync(path.join(state, RESTORE_MARKER), JSON.stringify({ snapshot: elsewhere, by: 'mallory', at: '2026-12-02T00:00:00Z' }));
    const r = await applyPendingRestore({ stateDir: state, backupRoot: path.join(state, 'backups'), roots: [path.join(state, 'data'), path.join(state, 'backups')], known: MIGRATIONS.length });
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('is not a state backup under') });
    expect(fs.existsSync(path.join(state, RESTORE_MARKER))).toBe(false);
    expect(fs.readFileSync(path.join(state, 'secrets/wekan.env'), 'utf8')).toBe('MONGO_PASSWORD=first\n');
    expect(fs.readdirSync(state).some((n) => n.startsWith('.before-restore-'))).toBe(false);
  });

  it('the name is reserved: no minion can be called summoner or all', async () => {
    const { minionNameProblem } = await import('../src/core/catalog/names.js');
    expect(minionNameProblem('summoner')).toMatch(/commands use it for themselves/);
    expect(minionNameProblem('all')).toMatch(/commands use it for themselves/);
    expect(minionNameProblem('wekan')).toBeUndefined();
  });
});
