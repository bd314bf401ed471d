// The `outbox` command: dead letters listed (recipe, channel, what, error, time), counts per lane, retried or
// dropped (drop confirmed: destructive). At robot level with the real notification center, and through the shell.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShellAdapter } from '../adapters/shell/index.js';
import outboxCommand from '../commands/outbox.js';
import { createApp, type App } from '../src/app.js';
import { configSchema } from '../src/config/schema.js';
import { notifySchema } from '../src/notify/config.js';
import { createNotifyCenter, type NotifyCenter } from '../src/notify/center.js';
import { openOutboxStore } from '../src/notify/outbox-store.js';
import type { Services } from '../commands/services.js';
import type { ChatPort, Outbound } from '../src/robot/types.js';
import { sampleTypes, testBot, tmpDir, type TestBot } from './helpers/robot.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f().catch(() => undefined);
});

/** A chat that refuses channel `gone` like Mattermost refuses an archived one (400), until `fixed`. */
function refusingChat() {
  const sent: { channel: string; out: Outbound }[] = [];
  const state = { fixed: false };
  const chat: ChatPort = {
    name: 'fake',
    async start() {},
    async reply() {
      throw new Error('not used');
    },
    async send(channel, out) {
      if (channel === 'gone' && !state.fixed) throw Object.assign(new Error('400 Can not post to deleted channel.'), { status: 400 });
      sent.push({ channel, out });
      return { id: randomUUID(), update: async () => undefined };
    },
    health: () => ({ healthy: true, detail: 'fake' }),
    async stop() {},
  };
  return { chat, sent, state };
}

const recipe = (name: string, channel: string) => ({ name, when: { source: 'generic', event: 'ping', filter: { target: channel } }, then: [{ post: { channel, template: `${name} {{n}}` } }] });

describe('outbox command (robot level, real notification center)', () => {
  let bot: TestBot;
  let center: NotifyCenter;

  async function setup() {
    const services: Services = {};
    bot = await testBot({ commands: [outboxCommand], services });
    const fake = refusingChat();
    center = createNotifyCenter({
      config: notifySchema.parse({ hooks: { gen: { source: 'generic', secretEnv: 'X' } }, recipes: [recipe('to-gone', 'gone'), recipe('to-dev', 'dev')] }),
      hookSecrets: {},
      opsChannel: 'ops',
      store: bot.store,
      chat: fake.chat,
      robot: bot.robot,
      log: pino({ level: 'silent' }),
    });
    services.notify = center;
    center.start();
    cleanups.push(() => center.stop());
    for (let i = 1; i <= 3; i++) {
      await center.accept({ source: 'generic', hook: 'gen', event: 'ping', deliveryId: `g${i}`, payload: { target: 'gone', n: i } });
      await center.accept({ source: 'generic', hook: 'gen', event: 'ping', deliveryId: `d${i}`, payload: { target: 'dev', n: i } });
    }
    await vi.waitFor(() => expect(center.deadLetters()).toHaveLength(3), { timeout: 5000 });
    await vi.waitFor(() => expect(fake.sent.filter((s) => s.channel === 'dev')).toHaveLength(3), { timeout: 5000 });
    return fake;
  }

  it('lists the dead letters with recipe, channel, what, error and time, and the counts per channel', async () => {
    await setup();
    await bot.chat.say('outbox', { userId: 'u-admin' });
    const t = bot.chat.texts().at(-1)!;
    expect(t).toMatch(/- ~dev: 3 delivered/);
    expect(t).toMatch(/- ~gone: 3 failed/);
    const ids = center.deadLetters().map((d) => d.id);
    for (const [i, id] of ids.entries()) expect(t).toMatch(new RegExp(`\\| ${id} \\| to-gone \\| ~gone \\| to-gone ${i + 1} \\| 400 Can not post to deleted channel\\. \\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\|`));
  });

  it('retry puts them back (delivered once the channel is fixed); bad ids are all named; observers may not', async () => {
    const fake = await setup();
    const [first, ...rest] = center.deadLetters().map((d) => d.id);
    await bot.chat.say('outbox retry 1x,-2', { userId: 'u-admin' });
    expect(bot.chat.texts().at(-1)).toContain('not a dead letter id: 1x, -2');
    await bot.chat.say(`outbox retry ${first}`, { userId: 'u-op', userName: 'olga' });
    expect(center.deadLetters()).toHaveLength(3); // refused: not an admin
    fake.state.fixed = true;
    await bot.chat.say(`outbox retry ${first},999999`, { userId: 'u-admin' });
    expect(bot.chat.texts().at(-1)).toContain('Put 1 dead letter(s) back in their queue');
    expect(bot.chat.texts().at(-1)).toContain('Not dead letters: 999999.');
    await vi.waitFor(() => expect(fake.sent.filter((s) => s.channel === 'gone').map((s) => s.out.text)).toEqual(['to-gone 1']), { timeout: 5000 });
    expect(center.deadLetters().map((d) => d.id)).toEqual(rest);
    await bot.chat.say('outbox retry all', { userId: 'u-admin' });
    await vi.waitFor(() => expect(center.deadLetters()).toHaveLength(0), { timeout: 5000 });
    await vi.waitFor(() => expect(fake.sent.filter((s) => s.channel === 'gone').flatMap((s) => s.out.text.split('\n'))).toEqual(['to-gone 1', 'to-gone 2', 'to-gone 3']), { timeout: 5000 });
  });

  it('drop is proposed first and deletes only on yes', async () => {
    await setup();
    const [first] = center.deadLetters().map((d) => d.id);
    await bot.chat.say(`outbox drop ${first}`, { userId: 'u-admin' });
    expect(bot.chat.texts().at(-1)).toContain('Delete 1 dead letter(s)');
    expect(center.deadLetters()).toHaveLength(3); // nothing yet
    await bot.chat.say('yes', { userId: 'u-admin' });
    expect(center.deadLetters()).toHaveLength(2);
    await bot.chat.say('outbox drop all', { userId: 'u-admin' });
    await bot.chat.say('no', { userId: 'u-admin' });
    expect(center.deadLetters()).toHaveLength(2);
    await bot.chat.say('outbox drop all', { userId: 'u-admin' });
    await bot.chat.say('yes', { userId: 'u-admin' });
    expect(center.deadLetters()).toHaveLength(0);
    expect(center.outbox()).toEqual({ delivered: 4 }); // the delivered rows (3 to dev, ops told once) are untouched
  });
});

describe('outbox command through the shell', () => {
  it('lists, then drops after yes', async () => {
    const stateDir = tmpDir('summoner-outbox-shell-');
    const config = configSchema.parse({ stateDir, http: { listen: '127.0.0.1:0', internalListen: '127.0.0.1:0' }, notify: { hooks: { gen: { source: 'generic', secretEnv: 'X' } } } });
    let out = '';
    const output = new PassThrough();
    output.on('data', (d: Buffer) => (out += d.toString()));
    const shell = createShellAdapter({ input: new PassThrough(), output, login: 'tester' });
    const app: App = await createApp({ config, secrets: { hooks: { gen: 's' } }, log: pino({ level: 'silent' }), chat: shell, types: sampleTypes() });
    cleanups.push(() => app.stop('tests done'));
    // a dead letter from an earlier run
    const ob = openOutboxStore(app.store.sqlite);
    const [row] = ob.accept('old:1', [{ lane: 'ci', kind: 'post', data: JSON.stringify({ kind: 'post', channel: 'ci', out: { text: 'pipeline failed' } }), recipe: 'ci-failed' }])!;
    ob.failed([row!.id], '404 Channel does not exist.');
    await ob.committed();
    await app.start();
    const say = async (text: string) => {
      const before = out.length;
      await shell.runOnce(text);
      return out.slice(before);
    };
    const listed = await say('outbox');
    expect(listed).toContain('~ci: 1 failed');
    expect(listed).toContain(`| ${row!.id} | ci-failed | ~ci | pipeline failed | 404 Channel does not exist. |`);
    expect(await say(`outbox drop ${row!.id}`)).toContain('Delete 1 dead letter(s)');
    expect(await say('yes')).toContain('Deleted 1 dead letter(s).');
    expect(await say('outbox')).toContain('The outbox is empty.');
  });
});
