// A command names the one service it needs (`needs:`); the robot refuses it uniformly, before proposing or
// running, when the bag lacks it, with the refusal commands/services.ts gives for that service.
import { afterEach, describe, expect, it } from 'vitest';
import logs from '../commands/logs.js';
import restore from '../commands/restore.js';
import recipes from '../commands/recipes.js';
import { defineCommand, type Services } from '../commands/services.js';
import { testBot, type TestBot } from './helpers/robot.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.robot.stop();
  bot = undefined;
});

describe('needs: the uniform refusal for an absent service', () => {
  it('refuses a core command without an engine, with the engine hint and the code in the audit', async () => {
    bot = await testBot({ commands: [logs], services: {} });
    await bot.chat.say('logs wekan');
    await expect.poll(() => bot!.chat.texts().join('\n'), { timeout: 5_000 }).toMatch(/no Docker engine is connected to this bot/);
    expect(bot.chat.texts().join('\n')).toMatch(/engine\.socket/);
    expect(bot.robot.info().history(1)[0]).toMatchObject({ command: 'logs', outcome: 'error', code: 'engine.none' });
  });

  it('refuses a destructive command before proposing it (nothing to confirm), naming why backups are absent', async () => {
    const core = { status: async () => [] } as unknown as NonNullable<Services['core']>;
    bot = await testBot({ commands: [restore], services: { core } });
    await bot.chat.say('restore wekan');
    await expect.poll(() => bot!.chat.texts().join('\n'), { timeout: 5_000 }).toMatch(/backups are not available here/);
    const all = bot.chat.texts().join('\n');
    // an engine is there, its backups are not: not the engine hint
    expect(all).toMatch(/backup module is not loaded/);
    expect(all).not.toMatch(/yes|confirm/i);
    expect(bot.robot.info().history(1)[0]).toMatchObject({ command: 'restore', outcome: 'error', code: 'backup.unavailable' });
  });

  it('runs the command when the service is there, and refuses recipes without the notification center', async () => {
    let ran = 0;
    const probe = defineCommand({
      name: 'probe',
      summary: 'needs the report',
      description: 'test',
      examples: ['probe'],
      args: [] as const,
      sideEffects: false,
      needs: 'report',
      async run(ctx) {
        ran++;
        return ctx.services.report.render(); // typed present: `needs` makes it so
      },
    });
    bot = await testBot({ commands: [probe, recipes], services: { report: { render: async () => 'report body' } } });
    await bot.chat.say('probe');
    await expect.poll(() => bot!.chat.texts().join('\n'), { timeout: 5_000 }).toMatch(/report body/);
    expect(ran).toBe(1);
    await bot.chat.say('recipes');
    await expect.poll(() => bot!.chat.texts().join('\n'), { timeout: 5_000 }).toMatch(/the notification center is not running in this bot/);
    expect(bot.robot.info().history(1)[0]).toMatchObject({ command: 'recipes', outcome: 'error', code: 'notify.none' });
  });
});
