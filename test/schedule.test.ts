// Done-when 4: the scheduler on node-schedule with a controllable clock (vitest's fake Date and timers):
// jobs run at their times through the real robot (audited as schedule:<name>), a run missed while the bot
// was down is caught up once at start, and chat changes to schedules survive a restart.
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventBus, type SummonerEvent } from '../src/core/events.js';
import { configSchema } from '../src/config/schema.js';
import type { Services } from '../commands/services.js';
import { createScheduler, type Scheduler } from '../src/schedule/scheduler.js';
import { builtinCommands, notifyCommands } from '../commands/index.js';
import { sampleCommands, testBot, tmpDir, type TestBot } from './helpers/robot.js';

const log = pino({ level: 'silent' });
const JOBS = configSchema.parse({
  schedules: [
    { name: 'nightly', cron: '0 3 * * *', tz: 'UTC', command: 'backup all', channel: 'ops' },
    { name: 'boom', cron: '30 3 * * *', tz: 'UTC', command: 'explode coded' },
  ],
}).schedules;

afterEach(() => {
  vi.useRealTimers();
});

async function boot(dir: string, calls: string[], events: SummonerEvent[]): Promise<{ bot: TestBot; s: Scheduler }> {
  const services: Services = {};
  // one list of calls across restarts
  const bot = await testBot({ dir, services, commands: [...builtinCommands, ...notifyCommands, ...sampleCommands(calls)] });
  const bus = createEventBus();
  bus.on((e) => void events.push(e));
  const s = createScheduler({ jobs: JOBS, store: bot.store, robot: bot.robot, chat: bot.chat, opsChannel: 'ops', events: bus, log });
  services.scheduler = s;
  await s.start();
  return { bot, s };
}

async function shutdown(b: { bot: TestBot; s: Scheduler }): Promise<void> {
  await b.s.stop();
  await b.bot.robot.stop();
  await new Promise((r) => setImmediate(r)); // the group commit
  b.bot.store.close();
}

describe('scheduler', () => {
  it('runs jobs at their times, catches up a missed run once, and keeps chat changes across restarts', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-30T02:59:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const dir = tmpDir('summoner-sched-');
    const calls: string[] = [];
    const events: SummonerEvent[] = [];

    let b = await boot(dir, calls, events);
    expect(calls).toEqual([]); // a new job has nothing to catch up
    await vi.advanceTimersByTimeAsync(59_000);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000); // 03:00:01
    expect(calls).toEqual(['backup all']);
    const audit = b.bot.store.history(5).find((h) => h.command === 'backup')!;
    expect(audit).toMatchObject({ userId: 'schedule:nightly', source: 'schedule', outcome: 'ok', text: 'backup all', channelId: 'ops' });
    expect(b.bot.chat.posts.filter((p) => p.channelId === 'ops').map((p) => p.out.text.split('\n').at(-1))).toEqual(['backed up all']);
    expect(b.s.list().find((j) => j.name === 'nightly')).toMatchObject({ lastOk: true, lastResult: 'ok', nextRun: Date.parse('2026-12-01T03:00:00Z') });

    // a failing job: audited as an error, a job.failed event, listed for the report
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(events).toEqual([{ type: 'job.failed', job: 'boom', error: 'error (engine.unreachable)', at: expect.any(Number) }]);
    expect(b.s.failuresSince(0).map((f) => f.job)).toEqual(['boom']);

    // chat changes: an admin adds a weekday job and pauses one; someone else may not
    await b.bot.chat.say('schedule add weekly "0 9 * * 1-5" backup wekan', { channelId: 'dev' });
    expect(b.bot.chat.texts().at(-1)).toBe('Scheduled **weekly**: `backup wekan` at `0 9 * * 1-5`, next 2026-11-30 09:00 UTC; results here. It runs as schedule:weekly on your behalf.');
    await b.bot.chat.say('schedule pause boom');
    expect(b.bot.chat.texts().at(-1)).toBe('Paused **boom**.');
    await b.bot.chat.say('schedule add x "61 * * * *" ping');
    expect(b.bot.chat.texts().at(-1)).toMatch(/"61 \* \* \* \*" is not a cron expression/);
    // a cron typed without quotes is read as one, and the reading is said; one cut short is told as a cron
    await b.bot.chat.say('schedule add early 30 6 * * mon-fri backup wekan', { channelId: 'dev' });
    expect(b.bot.chat.texts().at(-1)).toMatch(/^\(read as `schedule add early "30 6 \* \* mon-fri" "backup wekan"`\)\nScheduled \*\*early\*\*: `backup wekan` at `30 6 \* \* mon-fri`/);
    await b.bot.chat.say('schedule remove early');
    await b.bot.chat.say('schedule add y 0 3 ping');
    expect(b.bot.chat.texts().at(-1)).toMatch(/"0" is not a cron expression: it takes 5 fields/);
    await b.bot.chat.say('schedule remove nightly');
    expect(b.bot.chat.texts().at(-1)).toMatch(/nightly is declared in summoner.yml: remove it there, or pause it/);
    await b.bot.chat.say('schedule add sneaky "* * * * *" ping', { userId: 'u-bob', userName: 'bob' });
    expect(b.bot.chat.texts().at(-1)).toMatch(/`schedule` is not yours to run/);
    await shutdown(b);

    // the bot is down from 03:31 on Monday until 05:00 on Tuesday: weekly's Monday 09:00 and nightly's
    // Tuesday 03:00 were missed; each runs once at start. boom is paused: nothing.
    vi.setSystemTime(Date.parse('2026-12-01T05:00:00Z'));
    calls.length = 0;
    b = await boot(dir, calls, events);
    expect(calls.sort()).toEqual(['backup all', 'backup wekan']);
    expect(b.bot.store.history(10).filter((h) => h.userId === 'schedule:weekly').map((h) => h.channelId)).toEqual(['dev']);
    await shutdown(b);

    // started again at once: nothing is missed any more
    calls.length = 0;
    b = await boot(dir, calls, events);
    expect(calls).toEqual([]);
    const list = b.s.list();
    expect(list.map((j) => [j.name, j.origin, j.paused])).toEqual([
      ['boom', 'config', true],
      ['nightly', 'config', false],
      ['weekly', 'chat', false],
    ]);
    expect(list.find((j) => j.name === 'weekly')).toMatchObject({ addedBy: 'u-admin', channel: 'dev', nextRun: Date.parse('2026-12-01T09:00:00Z') });
    await b.bot.chat.say('schedules', { id: 'after-restart-1' }); // message ids are remembered across restarts
    expect(b.bot.chat.texts().at(-1)).toContain('| weekly | `0 9 * * 1-5` | `backup wekan` | ~dev | chat |');

    // Tuesday 09:00: weekly runs on time; boom (paused) did not run at 03:30 either
    await vi.advanceTimersByTimeAsync(4 * 3600_000 + 1000);
    expect(calls).toEqual(['backup wekan']);
    expect(events.filter((e) => e.type === 'job.failed')).toHaveLength(1);
    await b.bot.chat.say('schedule remove weekly', { id: 'after-restart-2' });
    expect(b.bot.chat.texts().at(-1)).toBe('Removed **weekly**.');
    await shutdown(b);
  });

  it('runs built-in jobs (certificate check, backup deadline) audited like commands', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-30T05:59:59Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const services: Services = {};
    const bot = await testBot({ services });
    const events: SummonerEvent[] = [];
    const bus = createEventBus();
    bus.on((e) => void events.push(e));
    const s = createScheduler({ jobs: [], store: bot.store, robot: bot.robot, chat: bot.chat, opsChannel: 'ops', events: bus, log });
    let n = 0;
    s.addBuiltin({ name: 'cert-check', cron: '0 6 * * *', tz: 'UTC', channel: 'ops', run: async () => `checked ${++n} certificate(s)` });
    s.addBuiltin({ name: 'backup-deadline', cron: '0 6 * * *', tz: 'UTC', run: async () => { throw new Error('no backup since 2026-11-28'); } });
    expect(() => s.addBuiltin({ name: 'bad', cron: 'every day', run: async () => undefined })).toThrow(/not a cron expression/);
    await s.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(n).toBe(1);
    expect(bot.chat.posts.map((p) => [p.channelId, p.out.text])).toEqual([['ops', 'checked 1 certificate(s)']]);
    const audit = bot.store.history(5);
    expect(audit.map((a) => [a.userId, a.outcome]).sort()).toEqual([
      ['schedule:backup-deadline', 'error'],
      ['schedule:cert-check', 'ok'],
    ]);
    expect(events).toMatchObject([{ type: 'job.failed', job: 'backup-deadline', error: 'no backup since 2026-11-28' }]);
    await s.stop();
  });

  it('a built-in job is parsed in full at start, not when added: a bad one is left out and said, the others run', async () => {
    const services: Services = {};
    const bot = await testBot({ services });
    const lines: { msg: string; job?: string }[] = [];
    const seen = pino({ level: 'error' }, { write: (l: string) => void lines.push(JSON.parse(l) as { msg: string; job?: string }) });
    const s = createScheduler({ jobs: [], store: bot.store, robot: bot.robot, chat: bot.chat, opsChannel: 'ops', log: seen });
    // five fields, a minute that does not exist: only a parse says so, and it waits for start()
    s.addBuiltin({ name: 'bad-minute', cron: '99 * * * *', run: async () => undefined });
    s.addBuiltin({ name: 'fine', cron: '0 6 * * *', tz: 'UTC', run: async () => undefined });
    await s.start();
    expect(s.list().map((j) => j.name)).toEqual(['fine']);
    expect(lines).toMatchObject([{ job: 'bad-minute', msg: 'a built-in job has a cron expression that cannot run: it is not scheduled' }]);
    // once started, a new built-in job is checked in full at once
    expect(() => s.addBuiltin({ name: 'late', cron: '99 * * * *', run: async () => undefined })).toThrow(/not a cron expression/);
    await s.stop();
  });
});
