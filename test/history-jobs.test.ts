// `history` shows people's commands: the built-in jobs (health and disk watches, certificate check…) run every
// few minutes and are audited each time, so their successful runs are counted in one line instead of listed;
// their failures stay listed, and `--jobs` lists everything. The real scheduler, robot and store; a controllable
// clock (vitest's fake Date and timers) drives the job's cron ticks.
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinCommands } from '../commands/index.js';
import { createScheduler, type Scheduler } from '../src/schedule/scheduler.js';
import { testBot, type TestBot } from './helpers/robot.js';

let bot: TestBot | undefined;
let sched: Scheduler | undefined;

afterEach(async () => {
  await sched?.stop();
  await bot?.robot.stop();
  vi.useRealTimers();
  bot?.store.close();
  bot = sched = undefined;
});

describe('history and the built-in jobs', () => {
  it("counts the jobs' successful runs in one line, lists their failures, and lists all with --jobs", async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T00:00:30Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    bot = await testBot({ commands: [...builtinCommands] });
    let runs = 0;
    sched = createScheduler({ jobs: [], store: bot.store, robot: bot.robot, chat: bot.chat, opsChannel: 'ops', log: pino({ level: 'silent' }) });
    sched.addBuiltin({
      name: 'watch',
      cron: '*/5 * * * *',
      async run() {
        if (++runs === 2) throw new Error('the disk is not readable');
        return 'fine';
      },
    });
    await sched.start();
    await bot.chat.say('ping', { userId: 'u-op', userName: 'olga' });
    // three ticks (00:05, 00:10, 00:15): ok, failed, ok
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    await vi.waitFor(() => expect(runs).toBe(3), { timeout: 2000 });
    await vi.waitFor(() => expect(bot!.store.history(10).filter((r) => r.userId === 'schedule:watch' && r.outcome !== 'pending')).toHaveLength(3), { timeout: 2000 });

    await bot.chat.say('history 10', { userId: 'u-admin', userName: 'ada' });
    const table = bot.chat.texts().at(-1)!;
    expect(table).toContain('| olga | `ping` | ok |');
    expect(table).toContain('`(built-in job) watch` | error (internal)');
    expect(table.match(/built-in job\) watch/g)).toHaveLength(1); // the failure only
    expect(table).toContain('Also 2 successful run(s) of built-in jobs in that time, not listed: `history --jobs` lists them.');

    await bot.chat.say('history 10 --jobs', { userId: 'u-admin', userName: 'ada' });
    const all = bot.chat.texts().at(-1)!;
    expect(all.match(/built-in job\) watch/g)).toHaveLength(3);
    expect(all).toContain('| olga | `ping` | ok |');
    expect(all).not.toContain('successful run(s) of built-in jobs');
  });
});
