// Issue 12, finding 3: `logs`, `history` and `recipes` need a role (observer, admins always): an app's output
// holds reset links and tokens, the audit holds every user's commands in every DM, and recipes name forward
// URLs, which are secrets themselves (shown as scheme and host only). On the old code anyone could read them.
import { describe, expect, it } from 'vitest';
import { coreCommands, notifyCommands, builtinCommands } from '../../commands/index.js';
import type { NotifyView } from '../../commands/services.js';
import { recipeSchema } from '../../src/notify/recipes.js';
import { sampleTypes, testBot } from '../helpers/robot.js';

const access = { admins: ['u-admin'], roles: { observer: ['u-obs'] }, shellIsAdmin: true };
const notify: NotifyView = {
  recipes: [
    recipeSchema.parse({
      name: 'to-slack',
      when: { source: 'github', event: 'release' },
      then: [{ forward: { url: 'https://hooks.slack.example.com/services/T000/B000/s3cr3tT0ken?x=1' } }],
    }),
  ],
  tryRecipe: () => [],
  outbox: () => ({}),
};

async function bot() {
  return testBot({ access, commands: [...builtinCommands, ...notifyCommands, ...coreCommands], types: sampleTypes(), services: { notify } });
}

describe('finding 3: reading needs a role', () => {
  it('refuses logs, history and recipes to a user without the observer role', async () => {
    const b = await bot();
    for (const text of ['logs wekan', 'history', 'recipes']) {
      await b.chat.say(text, { userId: 'u-bob', userName: 'bob' });
      expect(b.chat.texts().at(-1)).toMatch(/is not yours to run: it is for the observer role \(.*u-obs.*\) and admins/);
    }
    expect(b.store.history(10).filter((h) => h.userId === 'u-bob').map((h) => [h.command, h.outcome])).toEqual([
      ['recipes', 'denied'],
      ['history', 'denied'],
      ['logs', 'denied'],
    ]);
  });

  it('lets an observer and an admin read them; forward URLs show only scheme and host', async () => {
    const b = await bot();
    await b.chat.say('history', { userId: 'u-obs', userName: 'olga' });
    expect(b.chat.texts().at(-1)).toMatch(/^No commands recorded yet\.|\| ref \|/);
    await b.chat.say('recipes', { userId: 'u-obs', userName: 'olga' });
    const shown = b.chat.texts().at(-1)!;
    expect(shown).toContain('forward to https://hooks.slack.example.com/…');
    expect(shown).not.toContain('s3cr3t');
    expect(shown).not.toContain('/services/');
    await b.chat.say('history', { userId: 'u-admin', userName: 'alice' });
    expect(b.chat.texts().at(-1)).toContain('| ref |');
    // logs is allowed to an observer: it reaches the (absent) engine, not a refusal
    await b.chat.say('logs wekan', { userId: 'u-obs', userName: 'olga' });
    expect(b.store.history(1)[0]).toMatchObject({ command: 'logs', outcome: 'error', code: 'engine.none' });
  });

  it('the shell acts as an admin unless shellIsAdmin is false', async () => {
    const b = await testBot({ access, commands: [...builtinCommands, ...notifyCommands, ...coreCommands], types: sampleTypes(), services: { notify } });
    await b.chat.say('history', { userId: 'shell:root', userName: 'root', source: 'shell' });
    expect(b.store.history(1)[0]).toMatchObject({ command: 'history', outcome: 'ok' });
    const locked = await testBot({ access: { ...access, shellIsAdmin: false }, commands: [...builtinCommands, ...notifyCommands], services: { notify } });
    await locked.chat.say('history', { userId: 'shell:root', userName: 'root', source: 'shell' });
    expect(locked.store.history(1)[0]).toMatchObject({ command: 'history', outcome: 'denied' });
  });
});
