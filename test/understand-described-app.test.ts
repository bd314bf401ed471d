// An app called by what it is for ("restart the kanban", « sauvegarde le drive »): the question "which app?" offers the
// apps the catalog's descriptions say it is, and nothing is run on the guess.
import { describe, expect, it } from 'vitest';
import { explainCatalog, explainText } from '../src/explain.js';
import { testBot } from './helpers/robot.js';

const described = explainCatalog([]);
const apps = [...described.keys()];
const now = Date.parse('2026-12-02T09:30:00Z');
const read = (text: string, withDescriptions = true) => explainText(text, { apps, ...(withDescriptions ? { described } : {}), now: () => now });

describe('an app called by what it is for (the shipped catalog)', () => {
  it('offers the one app a word of its description names, and runs nothing', () => {
    for (const [text, app] of [
      ['hey bot the kanban thing is down again, could you give it a restart?', 'wekan'],
      ['restart the chat please, nobody can post', 'mattermost'],
      ['take a backup of the shared drive before the audit', 'nextcloud'],
      ['redémarre le kanban stp', 'wekan'],
    ] as const) {
      const r = read(text);
      expect(r.command, text).toBeNull();
      expect(r.ask, text).toContain(app);
      expect(r.ask, text).not.toContain('gitlab');
    }
  });

  it('offers every app a word describes ("the blog": ghost or wordpress), asked in the user language', () => {
    expect(read('restore the blog from yesterday').ask).toBe('`restore`: which app? "blog" sounds like ghost or wordpress');
    expect(read('restaure le blog d’hier').ask).toBe('`restore` : quelle app ? « blog » fait penser à ghost ou wordpress');
  });

  it('offers the usual list when no description says the word, or without descriptions', () => {
    expect(read('restart docker').ask).toMatch(/^`restart`: which app\? bookstack, ghost/);
    expect(read('restart the kanban please', false).ask).toMatch(/^`restart`: which app\? bookstack, ghost/);
  });

  it('never replaces an app said by name', () => {
    expect(read('restart wekan, the kanban is frozen').canonical).toBe('restart wekan');
  });
});

describe('through the robot', () => {
  it('asks with the guessed app as a button; a "yes" answers it', async () => {
    const bot = await testBot({ apps: () => ['ghost', 'wekan'], described: () => new Map([['wekan', 'Wekan 7, kanban boards'], ['ghost', 'Ghost 6, blogs']]) });
    await bot.chat.say('please back up the kanban');
    const q = bot.chat.last();
    expect(q.out.text).toContain('"kanban" sounds like wekan');
    expect(q.out.buttons?.map((b) => b.label)).toEqual(['wekan']);
    expect(bot.calls).toEqual([]);
    await bot.chat.say('yes');
    expect(bot.calls).toEqual(['backup wekan']);
  });

  it('takes no "yes" read from a catch-up as the answer', async () => {
    const bot = await testBot({ apps: () => ['ghost', 'wekan'], described: () => new Map([['wekan', 'Wekan 7, kanban boards']]) });
    await bot.chat.say('please back up the kanban');
    await bot.chat.say('yes', { replayed: true });
    expect(bot.calls).toEqual([]);
  });
});
