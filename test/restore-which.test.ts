// `restore <app> <date>` when several backups of that day match (a cold copy and a dump of one backup run): the
// bot asks which one, saying what each puts back, in the user's language, and the answer (a file name, its
// number, or a button) becomes the command's confirmation; never a guess, never a safety copy.
import { afterEach, describe, expect, it, vi } from 'vitest';
import restore from '../commands/restore.js';
import { builtinCommands } from '../commands/index.js';
import { CATALOG, testBot, type TestBot } from './helpers/robot.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.robot.stop(100);
  bot = undefined;
});

const base = { version: 1, app: 'ghost', reason: 'manual', codec: 'zstd', sha256: 'ab', durationMs: 1, flags: [] };
const cold = { ...base, kind: 'cold', file: 'ghost-20261202T091500Z-cold.tar.gz', createdAt: '2026-12-02T09:15:00.000Z', bytes: 2_000_000 };
const dump = { ...base, kind: 'dump', type: 'mariadb', file: 'ghost-20261202T091501Z-dump.sql.zst', createdAt: '2026-12-02T09:15:01.000Z', bytes: 787_000 };
const safety = { ...base, kind: 'dump', type: 'mariadb', file: 'ghost-20261202T100000Z-dump.sql.zst', createdAt: '2026-12-02T10:00:00.000Z', bytes: 5_000, reason: 'pre-restore', safety: true };

function services() {
  const entries = [cold, dump, safety].map((manifest) => ({ path: `/b/${manifest.file}`, manifest }));
  const backups = {
    list: async () => entries,
    choose: async (_app: string, which: string) => entries.find((e) => e.manifest.file === which) ?? Promise.reject(new Error(`unexpected choose(${which})`)),
  };
  return { backups, core: { status: async () => [{ app: 'ghost' }] } } as never;
}

describe('restore with a date that matches several backups', () => {
  it('asks which one, saying what each puts back; a number answers, and the confirmation names that file', async () => {
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, restore], services: services() });
    await bot.chat.say('restore ghost 2026-12-02');
    const q = bot.chat.last();
    expect(q.out.text).toContain('2 backups of ghost match 2026-12-02: which one?');
    expect(q.out.text).toContain("1. ghost-20261202T091501Z-dump.sql.zst (manual dump, mariadb, taken 2026-12-02 09:15:01 UTC, 787.0 kB): puts back its mariadb database only");
    expect(q.out.text).toContain("2. ghost-20261202T091500Z-cold.tar.gz (manual cold, taken 2026-12-02 09:15:00 UTC, 2.0 MB): puts back all of ghost's folders (files and databases)");
    // the safety copy of that day is never offered
    expect(q.out.text).not.toContain(safety.file);
    expect(q.out.buttons?.map((b) => b.label)).toEqual([dump.file, cold.file]);
    expect(bot.chat.texts().join('\n')).not.toMatch(/Answer yes/i);

    await bot.chat.say('2');
    const proposal = bot.chat.last();
    expect(proposal.out.text).toContain(`restore ghost ${cold.file}`);
    expect(proposal.out.text).toContain(`with ${cold.file} (manual cold`);
    expect(proposal.out.text).toContain('ghost is stopped while its folders are put back');
    expect(proposal.out.buttons?.map((b) => b.id)).toContain('confirm');
  });

  it('in French, and answered by a button', async () => {
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, restore], services: services() });
    await bot.chat.say('restaure ghost du 2 décembre', { locale: 'fr_FR.UTF-8' });
    const q = bot.chat.last();
    expect(q.out.text).toContain('2 sauvegardes de ghost correspondent à 2026-12-02 : laquelle ?');
    expect(q.out.text).toContain('UTC, 787.0 kB) : remet seulement sa base mariadb');
    expect(q.out.text).toContain('remet tous les dossiers de ghost');
    const shown = await bot.chat.click(q, 'answer0');
    expect(shown.text).toContain(`→ **${dump.file}**`);
    // the answer runs as if typed in the thread: its proposal is the next post
    await vi.waitFor(() => expect(bot!.chat.last()).not.toBe(q), { timeout: 5000 });
    const proposal = bot.chat.last();
    expect(proposal.out.text).toContain(`restore ghost ${dump.file}`);
    expect(proposal.out.text).toContain(`par ${dump.file} (manual dump, mariadb, prise le 2026-12-02 09:15:01 UTC`);
  });

  it('a number answers only a numbered question: "2" after an app question is a new request', async () => {
    bot = await testBot({ apps: () => CATALOG, commands: [...builtinCommands, restore], services: services() });
    await bot.chat.say('restore');
    expect(bot.chat.last().out.text).toMatch(/which app/i);
    await bot.chat.say('2');
    expect(bot.chat.last().out.text).not.toMatch(/^`?restore/);
  });
});
