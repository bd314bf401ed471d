import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestStore, testBot, type TestBot, tmpDir } from './helpers/robot.js';

let bot: TestBot;
afterEach(async () => {
  await bot?.robot.stop(100);
  bot?.store.close();
});

describe('robot', () => {
  it('answers a command once, however often the same message id arrives', async () => {
    bot = await testBot();
    const m = await bot.chat.say('ping', { id: 'post-1' });
    await bot.chat.say('ping', { id: 'post-1' });
    await bot.robot.receive({ ...m }); // a replay of the same post
    expect(bot.chat.texts()).toEqual(['pong']);
    expect(bot.robot.seen('post-1')).toBe(true);
  });

  it('remembers handled ids across a restart (the post id is the idempotency key)', async () => {
    const dir = tmpDir();
    bot = await testBot({ dir });
    await bot.chat.say('ping', { id: 'p-restart' });
    await bot.robot.stop(100);
    bot.store.close();
    bot = await testBot({ dir, store: openTestStore(dir) });
    await bot.chat.say('ping', { id: 'p-restart' });
    expect(bot.chat.posts).toHaveLength(0);
  });

  it('says how it read a near-miss, then runs it', async () => {
    bot = await testBot();
    await bot.chat.say('sumon wekan', { userId: 'u-op', userName: 'olga' });
    expect(bot.calls).toEqual(['summon wekan']);
    expect(bot.chat.texts()[0]).toBe('(read as `summon wekan`)\nsummoned wekan');
  });

  it('refuses a command with side effects to a user without the role, saying who can run it', async () => {
    bot = await testBot();
    await bot.chat.say('hello', { userId: 'u-admin', userName: 'alice' }); // the robot learns alice's name
    await bot.chat.say('summon wekan', { userId: 'u-nobody', userName: 'bob' });
    expect(bot.calls).toEqual([]);
    const text = bot.chat.texts().at(-1)!;
    expect(text).toContain('`summon` is not yours to run');
    expect(text).toContain('the operator role (u-op) and admins (@alice (u-admin))');
    expect(text).toContain('u-nobody');
    expect(bot.robot.info().history(1)[0]).toMatchObject({ outcome: 'denied', code: 'command.denied', userId: 'u-nobody' });
  });

  it('lets anyone run read-only commands, and help lists only what the asker may run', async () => {
    bot = await testBot();
    await bot.chat.say('help', { userId: 'u-nobody', userName: 'bob' });
    const help = bot.chat.texts()[0]!;
    expect(help).toContain('`status [app]`');
    expect(help).not.toContain('`summon');
    expect(help).toMatch(/4 more need a role you do not have/); // summon, backup (operator) and history (observer)
    await bot.chat.say('help', { userId: 'u-admin' });
    expect(bot.chat.texts()[1]).toContain('`dismiss <app> [--purge]`: remove an app (asks for confirmation)');
  });

  it('explains one command with usage and examples', async () => {
    bot = await testBot();
    await bot.chat.say('help dismiss');
    const t = bot.chat.texts()[0]!;
    expect(t).toContain('Usage: `dismiss <app> [--purge]`');
    expect(t).toContain('Examples: `dismiss ghost`');
    expect(t).toContain('Destructive');
  });

  describe('confirmation of destructive commands', () => {
    it('proposes, and runs on "yes" from the same user', async () => {
      bot = await testBot();
      await bot.chat.say('dismiss ghost --purge');
      expect(bot.calls).toEqual([]);
      const proposal = bot.chat.last();
      expect(proposal.out.text).toContain('**dismiss ghost --purge** is destructive: removes ghost and its data');
      expect(proposal.out.buttons?.map((b) => b.id)).toEqual(['confirm', 'cancel']);
      await bot.chat.say('yes', { userId: 'u-nobody', userName: 'bob' }); // someone else: not theirs
      expect(bot.calls).toEqual([]);
      expect(bot.chat.texts().at(-1)).toBe('Nothing is waiting for your confirmation in this thread (answer in the thread of the proposal, or use its buttons).');
      await bot.chat.say('yes');
      expect(bot.calls).toEqual(['dismiss ghost --purge']);
      expect(bot.chat.texts().at(-1)).toBe('dismissed ghost');
      await bot.chat.say('yes');
      expect(bot.calls).toHaveLength(1);
    });

    it('never runs a guessed destructive command without a yes: asked, then confirmed', async () => {
      bot = await testBot();
      await bot.chat.say('dismis ghost');
      expect(bot.calls).toEqual([]);
      // a destructive verb read by a near-miss is asked first, with the canonical line as the answer
      const question = bot.chat.last();
      expect(question.out.text).toBe('did you mean `dismiss ghost`?');
      expect(question.out.buttons?.map((b) => b.label)).toEqual(['dismiss ghost']);
      await bot.chat.click(question, 'answer0');
      await vi.waitFor(() => expect(bot.chat.last().out.text).toMatch(/\*\*dismiss ghost\*\* is destructive/), { timeout: 5_000, interval: 5 });
      expect(bot.calls).toEqual([]);
      await bot.chat.say('no');
      expect(bot.chat.texts().at(-1)).toBe('Cancelled `dismiss ghost`. Nothing was done.');
      expect(bot.calls).toEqual([]);
    });

    it('takes no "yes" read from a catch-up as a confirmation; a live one then runs it', async () => {
      bot = await testBot();
      // the request and its yes were both posted while the bot was away: the catch-up reads them in order
      await bot.chat.say('dismiss ghost --purge', { replayed: true });
      expect(bot.chat.last().out.text).toContain('**dismiss ghost --purge** is destructive');
      await bot.chat.say('yes', { replayed: true });
      expect(bot.calls).toEqual([]);
      expect(bot.chat.texts().at(-1)).toContain('confirms nothing: `dismiss ghost --purge` is still waiting');
      expect(bot.robot.info().history(1)[0]).toMatchObject({ outcome: 'ignored', code: 'confirm.replayed' });
      await bot.chat.say('yes');
      expect(bot.calls).toEqual(['dismiss ghost --purge']);
    });

    it('takes a take-back said alone as the "no" to what waits; a "wait" leaves it waiting', async () => {
      bot = await testBot();
      await bot.chat.say('dismiss ghost');
      await bot.chat.say('attends');
      expect(bot.chat.texts().at(-1)).not.toMatch(/Cancelled/);
      await bot.chat.say('laisse tomber');
      expect(bot.chat.texts().at(-1)).toBe('Cancelled `dismiss ghost`. Nothing was done.');
      await bot.chat.say('yes');
      expect(bot.calls).toEqual([]);
      // with nothing waiting, it is no request, and no command a word of it resembles ("tomber", "attends")
      await bot.chat.say('never mind');
      expect(bot.chat.texts().at(-1)).toBe('ok, I run nothing.');
      expect(bot.calls).toEqual([]);
    });

    it('lets a "no" read from a catch-up cancel', async () => {
      bot = await testBot();
      await bot.chat.say('dismiss ghost');
      await bot.chat.say('no', { replayed: true });
      expect(bot.chat.texts().at(-1)).toBe('Cancelled `dismiss ghost`. Nothing was done.');
      await bot.chat.say('yes');
      expect(bot.calls).toEqual([]);
    });

    it('runs on a button click by the asker, refuses a click by someone else', async () => {
      bot = await testBot();
      await bot.chat.say('dismiss wekan');
      const proposal = bot.chat.last();
      const other = await bot.chat.click(proposal, 'confirm', 'u-op', 'olga');
      expect(other.text).toContain('who asked for `dismiss wekan` can answer');
      expect(bot.calls).toEqual([]);
      const mine = await bot.chat.click(proposal, 'confirm');
      expect(mine.text).toBe('Confirmed by alice: running `dismiss wekan`.');
      await vi.waitFor(() => expect(bot.chat.texts().at(-1)).toBe('dismissed wekan'), { timeout: 5_000, interval: 5 });
      expect(bot.calls).toEqual(['dismiss wekan']);
      const again = await bot.chat.click(proposal, 'confirm');
      expect(again.text).toContain('already confirmed');
      expect(bot.calls).toHaveLength(1);
    });

    it('expires when unanswered, with a message, and a late yes does nothing', async () => {
      bot = await testBot({ confirmTimeoutMs: 150 });
      await bot.chat.say('dismiss ghost');
      const proposal = bot.chat.last();
      await vi.waitFor(() => expect(proposal.edits.at(-1)?.text).toBe('Expired: `dismiss ghost` was not confirmed within 0 s. Nothing was done.'), { timeout: 5_000, interval: 10 });
      expect(proposal.edits.at(-1)?.buttons).toBeUndefined();
      await bot.chat.say('yes');
      expect(bot.calls).toEqual([]);
      const clicked = await bot.chat.click(proposal, 'confirm');
      expect(clicked.text).toContain('already expired');
      expect(bot.calls).toEqual([]);
    });
  });

  it('audits every command with who, where, text, parsed command, outcome and duration', async () => {
    bot = await testBot();
    await bot.chat.say('statsu', { userId: 'u-op', userName: 'olga', channelId: 'c9' });
    await bot.chat.say('frobnicate');
    await bot.chat.say('history 5');
    const rows = bot.robot.info().history(3);
    expect(rows[1]).toMatchObject({ text: 'frobnicate', outcome: 'unknown', code: 'command.unknown' });
    expect(rows[2]).toMatchObject({ userId: 'u-op', userName: 'olga', channelId: 'c9', text: 'statsu', command: 'status', outcome: 'ok', source: 'test' });
    expect(rows[2]!.durationMs).toBeGreaterThanOrEqual(0);
    const table = bot.chat.texts().at(-1)!;
    expect(table).toContain('| olga | `statsu` | ok |'); // no @: history must not mention anyone
    expect(table).toContain('`frobnicate` | unknown (command.unknown)');
  });

  it('turns a coded error into what failed and what to do, and hides internal errors behind a ref', async () => {
    bot = await testBot();
    await bot.chat.say('explode coded');
    expect(bot.chat.texts()[0]).toBe(':warning: the Docker engine does not answer\nis dockerd running?');
    await bot.chat.say('explode');
    const t = bot.chat.texts()[1]!;
    expect(t).toMatch(/^:warning: `explode` failed with an internal error \(ref #\d+\)/);
    expect(t).not.toContain('/srv/x.js');
    expect(bot.robot.info().history(1)[0]).toMatchObject({ outcome: 'error', code: 'internal' });
  });

  it('reports long work in one post, edited, ending with the result', async () => {
    bot = await testBot();
    await bot.chat.say('work');
    expect(bot.chat.posts).toHaveLength(1);
    const p = bot.chat.posts[0]!;
    expect(p.out.text).toBe('starting');
    expect(p.edits.at(-1)!.text).toBe('all 20 steps done');
    expect(p.edits.length).toBeLessThan(20); // throttled, not one edit per step
  });

  it('acknowledges a command that is still running, not one answered at once', async () => {
    bot = await testBot({ ackAfterMs: 10 });
    const slow = await bot.chat.say('work');
    const fast = await bot.chat.say('ping');
    expect(bot.chat.acks).toEqual([slow.id]);
    expect(bot.chat.acks).not.toContain(fast.id);
  });

  it('keeps answers in order per channel', async () => {
    bot = await testBot();
    await Promise.all(Array.from({ length: 30 }, (_, i) => bot.chat.say(`note ${i}`)));
    expect(bot.chat.texts()).toEqual(Array.from({ length: 30 }, (_, i) => `noted: ${i}`));
  });

  it('answers bad input clearly and keeps working', async () => {
    bot = await testBot();
    for (const t of ['', 'x'.repeat(100_000), '\u0000\u0007\u001b[2J', 'показать статус', '🚀🔥', 'help "unclosed']) await bot.chat.say(t);
    await bot.chat.say('ping');
    const texts = bot.chat.texts();
    expect(texts).toHaveLength(7);
    expect(texts[0]).toContain('I heard nothing to do');
    expect(texts[1]).toContain('too long for a command (100000 characters');
    expect(texts[2]).toContain('I heard nothing to do');
    expect(texts[3]).toContain("I don't know the command `показать`");
    expect(texts[4]).toContain("I don't know the command `🚀🔥`");
    expect(texts[5]).toContain('never closed');
    expect(texts[6]).toBe('pong');
  });

  it('ignores unaddressed chatter unless a command listens for it', async () => {
    bot = await testBot();
    await bot.chat.say('status', { addressed: false });
    expect(bot.chat.posts).toHaveLength(0);
  });

  it('refuses new commands once stopping, saying nothing ran', async () => {
    bot = await testBot();
    await bot.robot.stop(100);
    await bot.chat.say('ping');
    expect(bot.chat.texts()).toEqual(['I am shutting down: nothing was run. Send it again in a minute.']);
  });
});
