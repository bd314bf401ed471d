// Progress as typed values, rendered at the edge (issue 13): the core reports a step's text plus typed fields
// (the app it concerns, whether it is the clean-up after a failure); the robot and the commands render them and
// never read meaning back out of the text. A real robot, store and recording chat; the services are fakes that
// report steps the way the core does.
import { afterEach, describe, expect, it, vi } from 'vitest';
import backup from '../commands/backup.js';
import summon from '../commands/summon.js';
import type { Services } from '../commands/services.js';
import type { BackupResult } from '../src/core/backup/service.js';
import type { Reporter } from '../src/core/reporting.js';
import { SummonerError } from '../src/errors.js';
import { testBot, type TestBot } from './helpers/robot.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.robot.stop();
  bot = undefined;
});

const ok = (app: string): BackupResult => ({ app, kind: 'dump', ok: true, bytes: 2e6, sha256: 'ab'.repeat(32), durationMs: 1200, flags: [] });

describe('typed progress, rendered at the edge', () => {
  it('a failed summon says it cleaned up because the step says so (cleanup: true), not because of its words', async () => {
    const summons: ((r: Reporter) => void)[] = [
      (r) => r.step('wekan failed; removing what was created (data kept)', { cleanup: true }),
      // the same words without the field: only the last step is shown, nothing is claimed
      (r) => r.step('wekan failed; removing what was created (data kept)'),
    ];
    const services = {
      core: {
        async summon(_app: string, _v: string | undefined, r: Reporter) {
          r.step('pulling wekan');
          summons.shift()!(r);
          throw new SummonerError('app.unhealthy', 'wekan did not become healthy');
        },
      },
    } as unknown as Services;
    bot = await testBot({ services, commands: [summon] });
    await bot.chat.say('summon wekan');
    const first = bot.chat.texts().at(-1)!;
    expect(first).toContain('wekan did not become healthy');
    expect(first).toContain('What it had created was removed; the data is kept.');
    expect(first).not.toContain('last step:');
    await bot.chat.say('summon wekan');
    const second = bot.chat.texts().at(-1)!;
    expect(second).not.toContain('What it had created was removed');
    expect(second).toContain('last step: wekan failed; removing what was created (data kept)');
  });

  it('backup all: each line of the progress post is the app the step names as a field, whatever its text says', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const services = {
      backups: {
        async backupAll(r: Reporter, o: { onResult?: (x: BackupResult) => void }) {
          r.step('dumping mariadb (mariadb-wekan)', { app: 'wekan' });
          // a text that looks like "app: rest" must not be split into an app and a rest
          r.step('ghost: not an app name, a sentence: with colons', { app: 'nextcloud' });
          await gate;
          o.onResult?.(ok('wekan'));
          o.onResult?.(ok('nextcloud'));
          return [ok('nextcloud'), ok('wekan')];
        },
      },
    } as unknown as Services;
    bot = await testBot({ services, commands: [backup] });
    const said = bot.chat.say('backup all');
    // wait until the progress post shows both steps (edits are throttled), then let the backups finish
    await vi.waitFor(() => {
      const t = bot!.chat.texts().at(-1) ?? '';
      expect(t).toContain('• nextcloud: ghost: not an app name, a sentence: with colons');
      seen.push(t);
    }, { timeout: 5000 });
    expect(seen.at(-1)).toContain('• wekan: dumping mariadb (mariadb-wekan)');
    expect(seen.at(-1)).not.toMatch(/• ghost:/);
    release();
    await said;
    expect(bot.chat.texts().at(-1)).toMatch(/\| nextcloud \| dump \| 2\.0 MB \|/);
  });
});
