// Issue 12, finding 7: text from outside that reaches chat is escaped with the one escaper
// (src/robot/markdown.ts, also used for recipe templates): a minion's description, a catalog problem, an
// echoed config value cannot mention @channel nor inject markup. On the old code they went out as written.
import { describe, expect, it } from 'vitest';
import { builtinCommands, coreCommands, notifyCommands } from '../../commands/index.js';
import type { CatalogListing } from '../../src/core/ports/deploy.js';
import type { NotifyView } from '../../commands/services.js';
import type { Minion } from '../../src/core/types.js';
import { recipeSchema } from '../../src/notify/recipes.js';
import { sampleTypes, testBot } from '../helpers/robot.js';

const minion = {
  name: 'evil',
  origin: 'custom',
  description: 'Pings @channel and @here, then [click](https://evil.example) **now**',
  web: { tag: '1.0' },
} as unknown as Minion;
const catalog: CatalogListing = {
  all: () => [minion],
  get: (n) => (n === 'evil' ? minion : undefined),
  names: () => ['evil'],
  problems: [{ file: '/srv/minions/@all/compose.yml', key: 'x-summoner.description', message: 'bad value @here' }],
};
const notify: NotifyView = {
  recipes: [recipeSchema.parse({ name: 'r', when: { source: 'github', filter: { 'sender.login': '@channel' } }, then: [{ post: { channel: 'ops', template: 'x' } }] })],
  tryRecipe: () => [],
  outbox: () => ({}),
};

/** A mention Mattermost would act on: @ directly followed by a name. */
const MENTION = /@(channel|here|all)\b/;

describe('finding 7: text from outside reaches chat escaped', () => {
  it('list escapes minion descriptions and catalog problems; recipes escapes echoed config values', async () => {
    const b = await testBot({ commands: [...builtinCommands, ...notifyCommands, ...coreCommands], types: sampleTypes(), services: { catalog, notify } });
    await b.chat.say('list');
    const list = b.chat.texts().at(-1)!;
    expect(list).toContain('evil');
    expect(list).not.toMatch(MENTION);
    expect(list).not.toContain('[click](');
    expect(list).not.toContain('**now**');
    await b.chat.say('recipes');
    expect(b.chat.texts().at(-1)).not.toMatch(MENTION);
  });
});
