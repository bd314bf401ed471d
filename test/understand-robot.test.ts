// The understanding step inside the robot: questions answered by a word or a button, follow-ups in a thread,
// guesses with side effects proposed (not run), negations, French answers, and a restore that cannot run
// refused before any confirmation, saying what exists instead.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinCommands } from '../commands/index.js';
import logs from '../commands/logs.js';
import restore from '../commands/restore.js';
import summon from '../commands/summon.js';
import { SummonerError } from '../src/errors.js';
import type { Services } from '../commands/services.js';
import { CATALOG, sampleCommands, testBot, type TestBot } from './helpers/robot.js';

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.robot.stop(100);
  bot = undefined;
});

const op = { userId: 'u-op', userName: 'olga' };
const make = (o: { services?: Services } = {}) => testBot({ apps: () => CATALOG, ...o });

describe('asking instead of guessing', () => {
  it('asks which app when none is said, and takes the answer typed in the thread', async () => {
    bot = await make();
    await bot.chat.say('deploy please', { ...op, threadId: 't1' });
    expect(bot.chat.last().out.text).toContain('which app?');
    expect(bot.chat.last().out.buttons?.map((b) => b.label)).toContain('wekan');
    expect(bot.calls).toEqual([]);
    await bot.chat.say('wekan', { ...op, threadId: 't1' });
    expect(bot.calls).toEqual(['summon wekan']);
    expect(bot.chat.texts().at(-1)).toContain('(read as `summon wekan`)');
  });

  it('takes the answer from a button, only from the user it asked', async () => {
    bot = await make();
    await bot.chat.say('back up please', { ...op, threadId: 't2' });
    const question = bot.chat.last();
    const other = await bot.chat.click(question, 'answer1', 'u-admin', 'alice');
    expect(other.text).toContain('Only');
    const shown = await bot.chat.click(question, 'answer1', 'u-op', 'olga');
    expect(shown.text).toContain('→ **ghost**');
    await vi.waitFor(() => expect(bot!.calls).toEqual(['backup ghost']), { timeout: 5000 });
  });

  it('answers an unknown request with the closest commands as examples', async () => {
    bot = await make();
    await bot.chat.say('make me a sandwich');
    expect(bot.chat.last().out.text).toMatch(/I don't know the command `make`\.\nClosest commands: /);
    expect(bot.chat.last().out.buttons?.length).toBeGreaterThan(0);
  });

  it('proposes a command with side effects read by a guess instead of running it, and runs it on yes', async () => {
    bot = await make();
    await bot.chat.say('backup wekn', op);
    expect(bot.calls).toEqual([]);
    expect(bot.chat.last().out.text).toContain('Did you mean **backup wekan**?');
    await bot.chat.say('yes', op);
    expect(bot.calls).toEqual(['backup wekan']);
  });

  it('never reads a negation as a request', async () => {
    bot = await make();
    await bot.chat.say("don't dismiss ghost");
    await bot.chat.say('please do not back up wekan', op);
    expect(bot.calls).toEqual([]);
    expect(bot.store.pendingFor('u-admin', 'c1', null)).toBeUndefined();
  });
});

describe('a question about a summoned app offers the summoned ones', () => {
  const withReal = (summoned: () => Promise<readonly string[]>) => {
    let reads = 0;
    const made = testBot({ apps: () => CATALOG, commands: [...builtinCommands, logs, summon], summoned: () => (reads++, summoned()) });
    return { made, reads: () => reads };
  };

  it('reads them when it asks (logs: ghost or gitlab), and offers the catalog for summon', async () => {
    const t = withReal(async () => ['gitlab', 'ghost']);
    bot = await t.made;
    await bot.chat.say('show me the logs please', { ...op, threadId: 's1' });
    expect(bot.chat.last().out.text).toContain('`logs`: which app? ghost, gitlab');
    expect(bot.chat.last().out.buttons?.map((b) => b.label)).toEqual(['ghost', 'gitlab']);
    expect(t.reads()).toBe(1);
    await bot.chat.say('deploy please', { ...op, threadId: 's2' });
    expect(bot.chat.last().out.buttons?.map((b) => b.label)).toContain('wekan');
    expect(t.reads()).toBe(1); // summon asks about the catalog: no engine read
  });

  it('says when nothing is summoned, in the user language, with no buttons', async () => {
    bot = await withReal(async () => []).made;
    await bot.chat.say('logs', op);
    expect(bot.chat.last().out.text).toContain('no app is summoned here yet');
    expect(bot.chat.last().out.buttons ?? []).toEqual([]);
    await bot.chat.say('montre-moi les logs', { ...op, locale: 'fr' });
    expect(bot.chat.last().out.text).toContain('aucune app invoquée ici');
  });

  it('a question to a French user carries its language in its buttons (the shell says how to answer in it)', async () => {
    bot = await withReal(async () => ['ghost']).made;
    await bot.chat.say('montre-moi les logs', { ...op, locale: 'fr' });
    expect(bot.chat.last().out.buttons?.map((b) => b.context.lang)).toEqual(['fr']);
    await bot.chat.say('show me the logs', op);
    expect(bot.chat.last().out.buttons?.map((b) => b.context.lang)).toEqual([undefined]);
  });

  it('offers the catalog when the engine cannot be read', async () => {
    bot = await withReal(() => Promise.reject(new Error('engine down'))).made;
    await bot.chat.say('logs', op);
    expect(bot.chat.last().out.buttons?.map((b) => b.label)).toContain('wekan');
  });
});

describe('follow-ups in a thread', () => {
  it('reuses the previous command of the user in that thread', async () => {
    bot = await make();
    await bot.chat.say('backup wekan', { ...op, threadId: 't3' });
    await bot.chat.say('and ghost too', { ...op, threadId: 't3' });
    await bot.chat.say('same for gitlab', { ...op, threadId: 't3' });
    expect(bot.calls).toEqual(['backup wekan', 'backup ghost', 'backup gitlab']);
    // another thread has its own memory
    await bot.chat.say('and nextcloud too', { ...op, threadId: 't4' });
    expect(bot.calls).toHaveLength(3);
  });

  it('"now dismiss it" takes the app of the previous command, and is confirmed in its canonical form', async () => {
    bot = await make();
    await bot.chat.say('summon ghost', { ...op, threadId: 't5' });
    await bot.chat.say('now dismiss it', { userId: 'u-admin', userName: 'alice', threadId: 't5' });
    // another user's memory is their own: alice never summoned anything here
    expect(bot.chat.last().out.text).not.toContain('**dismiss ghost** is destructive');
    await bot.chat.say('summon wekan', { userId: 'u-admin', userName: 'alice', threadId: 't6' });
    await bot.chat.say('now dismiss it', { userId: 'u-admin', userName: 'alice', threadId: 't6' });
    expect(bot.chat.last().out.text).toContain('**dismiss wekan** is destructive');
    expect(bot.calls).toEqual(['summon ghost', 'summon wekan']);
  });
});

describe('answers in the user language', () => {
  it('answers in French to a user whose locale is fr, and understands French', async () => {
    bot = await make();
    await bot.chat.say('supprime ghost', { locale: 'fr' });
    expect(bot.chat.last().out.text).toContain('**dismiss ghost** est destructif');
    expect(bot.chat.last().out.buttons?.map((b) => b.label)).toEqual(['Oui, dismiss', 'Annuler']);
    await bot.chat.say('oui', { locale: 'fr' });
    expect(bot.calls).toEqual(['dismiss ghost']);
    await bot.chat.say('fais-moi un café', { locale: 'fr' });
    expect(bot.chat.last().out.text).toContain('Je ne connais pas la commande');
  });

  it('explains what a sentence would run without running it', async () => {
    bot = await make();
    await bot.chat.say('explain please back up everything');
    expect(bot.chat.last().out.text).toContain('I would run `backup all`');
    expect(bot.calls).toEqual([]);
  });
});

describe('a restore that cannot run fails before any confirmation', () => {
  const backupsOf: Record<string, string[]> = { nextcloud: ['2026-11-29T03:00:00Z', '2026-11-30T03:00:00Z', '2026-12-01T03:00:00Z'] };
  const services = {
    core: { status: async () => [{ app: 'nextcloud' }, { app: 'wekan' }] },
    backups: {
      list: async (app: string) => (backupsOf[app] ?? []).map((createdAt) => ({ path: '/x', manifest: { app, createdAt, file: `${app}-${createdAt}.sql.zst`, kind: 'dump', reason: 'schedule' } })),
      choose: async (app: string, which?: string) => {
        const hit = (backupsOf[app] ?? []).find((d) => !which || d.startsWith(which));
        if (!hit) throw new SummonerError('backup.none', `no backup of ${app} matches ${which}`);
        return { path: '/x', manifest: { app, createdAt: hit, file: `${app}.sql.zst`, kind: 'dump', reason: 'schedule', bytes: 1 } };
      },
    },
  } as unknown as Services;
  const withRestore = () => testBot({ apps: () => CATALOG, services, commands: [...builtinCommands, ...sampleCommands([]), restore] });

  it('refuses an app that is not summoned, naming the summoned ones', async () => {
    bot = await withRestore();
    await bot.chat.say('restore ghost yesterday');
    expect(bot.chat.last().out.text).toContain('ghost is not summoned here');
    expect(bot.chat.last().out.text).toContain('summoned here: nextcloud, wekan');
    expect(bot.store.pendingFor('u-admin', 'c1', null)).toBeUndefined();
  });

  it('refuses a date without a backup, listing the days that have one', async () => {
    bot = await withRestore();
    await bot.chat.say('restore nextcloud 1999-01-01');
    expect(bot.chat.last().out.text).toContain('no backup of nextcloud matches 1999-01-01');
    expect(bot.chat.last().out.text).toContain('nextcloud has backups from: 2026-12-01, 2026-11-30, 2026-11-29');
    expect(bot.store.pendingFor('u-admin', 'c1', null)).toBeUndefined();
  });

  it('proposes a restore said in words, with the date resolved', async () => {
    bot = await withRestore();
    await bot.chat.say('please restore nextcloud from 2026-11-30');
    expect(bot.chat.last().out.text).toContain('**restore nextcloud 2026-11-30** is destructive');
    expect(bot.store.pendingFor('u-admin', 'c1', null)).toBeDefined();
  });
});
