// Issue 12, finding 5: a scheduled job is its own principal (`schedule:<name>` on behalf of its author),
// the command it may run is checked when it is added and again at every run, and a destructive one needs a
// declaration, by an admin, confirmed. An author who leaves `admins` stops their jobs: refused, audited, and
// said once in ops. (On the old code a schedule acted as an admin forever and took any command.)
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notifyCommands, builtinCommands } from '../../commands/index.js';
import type { Services } from '../../commands/services.js';
import { createScheduler, type Scheduler } from '../../src/schedule/scheduler.js';
import { createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { RecordingChat } from '../helpers/recording-chat.js';
import { sampleCommands, sampleTypes, testBot, tmpDir, type TestBot } from '../helpers/robot.js';

const log = pino({ level: 'silent' });

afterEach(() => {
  vi.useRealTimers();
});

async function boot(admins: string[]): Promise<{ bot: TestBot; s: Scheduler; calls: string[] }> {
  const services: Services = {};
  const calls: string[] = [];
  const bot = await testBot({
    dir: tmpDir('summoner-f5-'),
    services,
    commands: [...builtinCommands, ...notifyCommands, ...sampleCommands(calls)],
    access: { admins, roles: { operator: ['u-op'] }, shellIsAdmin: true },
  });
  const s = createScheduler({ jobs: [], store: bot.store, robot: bot.robot, chat: bot.chat, opsChannel: 'ops', log });
  services.scheduler = s;
  await s.start();
  return { bot, s, calls };
}

const refusalsIn = (b: TestBot, channel: string) => b.chat.posts.filter((p) => p.channelId === channel && p.out.text.includes('was refused'));

describe('finding 5: scheduled jobs are principals of their own', () => {
  it('refuses a destructive command added without the declaration, however it is written', async () => {
    const { bot, s } = await boot(['u-admin']);
    await bot.chat.say('schedule add nightly-purge "0 3 * * *" dismiss ghost --purge', { id: 'a1' });
    expect(bot.chat.texts().at(-1)).toMatch(/`dismiss` is destructive: a job that runs it must be declared/);
    // quoting the whole command used to slip it past every check
    await bot.chat.say('schedule add nightly-purge "0 3 * * *" "dismiss ghost --purge"', { id: 'a2' });
    expect(bot.chat.texts().at(-1)).toMatch(/`dismiss` is destructive/);
    expect(s.list().map((j) => j.name)).not.toContain('nightly-purge');
    expect(bot.store.history(5).filter((h) => h.command === 'schedule').map((h) => h.code)).toEqual([
      'schedule.destructive_undeclared',
      'schedule.destructive_undeclared',
    ]);
    // a command its author may not run cannot be scheduled either (an operator, not an admin)
    await bot.chat.say('schedule add x "0 3 * * *" ping', { id: 'a3', userId: 'u-op', userName: 'olga' });
    expect(bot.chat.texts().at(-1)).toMatch(/not yours to run/);
    await s.stop();
  });

  it('a declared destructive job is proposed, runs after yes as schedule:<name>, and stops once its author leaves admins', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-30T02:59:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const admins = ['u-admin'];
    const { bot, s, calls } = await boot(admins);
    await bot.chat.say('schedule add nightly-purge "0 3 * * *" --destructive dismiss ghost --purge', { id: 'd1' });
    expect(bot.chat.texts().at(-1)).toMatch(/is destructive: adds job nightly-purge running `dismiss ghost --purge`/);
    expect(s.list().map((j) => j.name)).not.toContain('nightly-purge'); // nothing before the yes
    await bot.chat.say('yes', { id: 'd2' });
    expect(s.list().find((j) => j.name === 'nightly-purge')).toMatchObject({ destructive: true, addedBy: 'u-admin', command: 'dismiss ghost --purge' });

    await vi.advanceTimersByTimeAsync(61_000); // 03:00:01
    await vi.waitFor(() => expect(calls).toEqual(['dismiss ghost --purge']));
    expect(bot.store.history(10).find((h) => h.command === 'dismiss')).toMatchObject({ userId: 'schedule:nightly-purge', source: 'schedule', outcome: 'ok' });

    // the author leaves admins: the next runs are refused, audited, and announced in ops only once
    admins.length = 0;
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    await vi.waitFor(() =>
      expect(bot.store.history(20).filter((h) => h.userId === 'schedule:nightly-purge' && h.outcome === 'denied').map((h) => h.code)).toEqual([
        'principal.author_not_allowed',
        'principal.author_not_allowed',
      ]),
    );
    expect(calls).toEqual(['dismiss ghost --purge']);
    expect(refusalsIn(bot, 'ops')).toHaveLength(1);
    expect(refusalsIn(bot, 'ops')[0]!.out.text).toContain('may no longer run');
    await s.stop();
  });

  it('a job added without the declaration cannot smuggle a destructive command at run time', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-30T02:59:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { bot, s, calls } = await boot(['u-admin']);
    // a job row that says `ping` but whose command was changed underneath (or a config job written without destructive: true)
    const outcome = await bot.robot.invokeAsSystem({ id: 'sys1', principal: { kind: 'schedule', name: 'x', onBehalfOf: 'u-admin' }, text: 'dismiss ghost --purge', channel: 'ops', command: 'dismiss' });
    expect(outcome).toMatchObject({ outcome: 'denied', code: 'principal.undeclared_destructive' });
    const other = await bot.robot.invokeAsSystem({ id: 'sys2', principal: { kind: 'schedule', name: 'x', onBehalfOf: 'u-admin' }, text: 'backup all', channel: 'ops', command: 'ping' });
    expect(other).toMatchObject({ outcome: 'denied', code: 'principal.undeclared_command' });
    expect(calls).toEqual([]);
    await s.stop();
  });

  it('config jobs and recipe commands are checked at load: a destructive one needs destructive: true, every problem named', async () => {
    const load = (extra: Record<string, unknown>) =>
      createApp({
        config: configSchema.parse({ stateDir: tmpDir('summoner-f5-load-'), ...extra }),
        secrets: {},
        log,
        chat: new RecordingChat(),
        commands: sampleCommands([]),
        types: sampleTypes(),
        background: false,
      });
    const bad = await load({
      schedules: [{ name: 'purge', cron: '0 3 * * *', command: 'dismiss ghost --purge' }, { name: 'typo', cron: '0 3 * * *', command: 'bakup all' }],
      notify: { recipes: [{ name: 'purge-on-tag', when: { source: 'github' }, then: [{ command: 'dismiss {{repository.name}} --purge' }] }] },
    }).catch((e: Error) => e);
    expect(bad).toBeInstanceOf(Error);
    const msg = (bad as Error).message;
    expect(msg).toContain('schedules: job purge: `dismiss` is destructive: declare it with destructive: true');
    expect(msg).toContain('schedules: job typo: its command cannot run');
    expect(msg).toContain('notify.recipes: recipe purge-on-tag: then.0.command: `dismiss` is destructive');
    const ok = await load({
      schedules: [{ name: 'purge', cron: '0 3 * * *', command: 'dismiss ghost --purge', destructive: true }],
      notify: { recipes: [{ name: 'purge-on-tag', when: { source: 'github' }, then: [{ command: { run: 'dismiss {{repository.name}} --purge', destructive: true } }] }] },
    });
    await ok.stop('test');
  });
});
