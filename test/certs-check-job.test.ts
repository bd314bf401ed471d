// The certificate check is a job of the one scheduler (issue 13): registered as a built-in job, listed by
// `schedules`, and a check missed while the bot was down is caught up once at start. The real scheduler, robot,
// store and CertificateManager (no served name, so no CA is asked); a controllable clock (vitest's fake Date).
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { certificateCheckJob } from '../src/core/certs/check-job.js';
import { CertificateManager } from '../src/core/certs/manager.js';
import { createEventBus } from '../src/core/events.js';
import type { Services } from '../commands/services.js';
import { createScheduler, type Scheduler } from '../src/schedule/scheduler.js';
import { builtinCommands, notifyCommands } from '../commands/index.js';
import { testBot, tmpDir, type TestBot } from './helpers/robot.js';
import { fileBoard } from '../src/core/challenges.js';

const log = pino({ level: 'silent' });

afterEach(() => {
  vi.useRealTimers();
});

describe('certificate check on the scheduler', () => {
  it('is listed by `schedules` and a missed check is caught up once at start', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-30T00:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const dir = tmpDir('summoner-certcheck-');
    const config = configSchema.parse({}).certificates;
    const checks: number[] = [];
    let readied = 0;
    const mgr = new CertificateManager({
      config,
      dir: `${dir}/acme`,
      challenges: fileBoard(`${dir}/challenges`),
      probe: { host: '127.0.0.1', port: 1 },
      events: createEventBus(),
      log,
      onInstalled: async () => undefined,
      names: () => [],
    });
    const certs = { checkCertificates: () => (checks.push(Date.now()), mgr.checkCertificates()) };

    async function boot(): Promise<{ bot: TestBot; s: Scheduler }> {
      const services: Services = {};
      const bot = await testBot({ dir, services, commands: [...builtinCommands, ...notifyCommands] });
      const s = createScheduler({ jobs: [], store: bot.store, robot: bot.robot, chat: bot.chat, opsChannel: 'ops', log });
      services.scheduler = s;
      s.addBuiltin(certificateCheckJob(certs, { cron: config.checkCron, ready: async () => void readied++ }));
      await s.start(); // resolves once the catch-ups have run
      return { bot, s };
    }
    async function shutdown(b: { bot: TestBot; s: Scheduler }): Promise<void> {
      await b.s.stop();
      await b.bot.robot.stop();
      await new Promise((r) => setImmediate(r)); // the group commit
      b.bot.store.close();
    }

    // first start: a new job has nothing to catch up; `schedules` lists it as built in
    let b = await boot();
    expect(checks).toEqual([]);
    expect(b.s.list().map((j) => [j.name, j.origin, j.cron])).toEqual([['cert-check', 'builtin', '17 4 * * *']]);
    await b.bot.chat.say('schedules');
    expect(b.bot.chat.texts().at(-1)).toMatch(/\| cert-check \| `17 4 \* \* \*` \|/);
    await shutdown(b);

    // down for two days: the check's runs were missed; it runs once at start, after `ready` (the proxy up)
    vi.setSystemTime(Date.parse('2026-12-02T00:00:00Z'));
    b = await boot();
    expect(checks).toEqual([Date.parse('2026-12-02T00:00:00Z')]);
    expect(readied).toBe(1);
    expect(b.bot.store.history(5).filter((h) => h.userId === 'schedule:cert-check').map((h) => h.outcome)).toEqual(['ok']);
    expect(b.s.list().find((j) => j.name === 'cert-check')).toMatchObject({ lastOk: true, lastResult: 'no certificate due' });
    await shutdown(b);

    // started again at once: nothing missed any more
    b = await boot();
    expect(checks).toHaveLength(1);
    await shutdown(b);
  });
});
