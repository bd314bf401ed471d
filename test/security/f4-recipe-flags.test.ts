// Issue 12, finding 4: a value from a webhook never becomes a flag or extra words of a recipe command. It goes
// in as ONE quoted token, and the parser never reads a quoted token as a flag. On the old code a release tag
// `--force` rendered `update web --force`, and `restore {{repository.name}} {{release.name}}` could skip the
// safety backup.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import update from '../../commands/update.js';
import restore from '../../commands/restore.js';
import { plan, recipeSchema, type IncomingEvent } from '../../src/notify/recipes.js';
import { parseCommand } from '../../src/robot/grammar/parse.js';
import { builtinTypes } from '../../src/robot/resolvers.js';
import { sampleTypes, testBot } from '../helpers/robot.js';
import { defineCommand } from '../../src/robot/command.js';

const release = (tag: string, name: string): IncomingEvent => ({
  source: 'github',
  hook: 'github',
  event: 'release',
  deliveryId: 'd',
  payload: { release: { tag_name: tag, name }, repository: { name: 'wekan' } },
});
const grammar = () => {
  const types = builtinTypes(() => [update, restore]);
  for (const [k, v] of sampleTypes()) types.set(k, v);
  return { commands: [update, restore], types };
};

describe('finding 4: recipe values are one quoted token, never a flag', () => {
  it('renders a tag `--force` as the quoted version "--force", which the parser refuses as a version, never as the flag', () => {
    const r = recipeSchema.parse({
      name: 'deploy-tag',
      when: { source: 'github', event: 'release' },
      then: [{ command: { run: 'update wekan {{release.tag_name}}', destructive: true } }],
    });
    const [a] = plan(r, release('--force', 'x'), { channel: 'ops' });
    expect(a).toMatchObject({ kind: 'command', text: 'update wekan "--force"', verb: 'update', destructive: true });
    const parsed = parseCommand((a as { text: string }).text, grammar());
    expect(parsed.ok).toBe(false);
    expect(parsed).toMatchObject({ code: 'command.invalid_args', message: expect.stringContaining('`--force` is not a valid name') });
  });

  it('keeps a value with spaces or flag-looking words one argument: no extra words', () => {
    const r = recipeSchema.parse({
      name: 'restore-on-release',
      when: { source: 'github', event: 'release' },
      then: [{ command: { run: 'restore {{repository.name}} {{release.name}}', destructive: true } }],
    });
    const [a] = plan(r, release('v1', 'latest --force'), { channel: 'ops' });
    expect((a as { text: string }).text).toBe('restore "wekan" "latest --force"');
    const parsed = parseCommand((a as { text: string }).text, grammar());
    if (parsed.ok) expect(parsed.flags.has('force')).toBe(false);
    else expect(parsed.code).toBe('command.invalid_args');
    // a value with quotes cannot close the token: refused for this event
    expect(() => plan(r, release('v1', 'x" --force "y'), { channel: 'ops' })).toThrow(/cannot be one argument/);
  });

  it('through the robot door, the quoted value reaches the command as a value and the flag stays off', async () => {
    const seen: { version?: string; force: boolean }[] = [];
    const upd = defineCommand({
      name: 'update',
      summary: 'record',
      description: 'records its arguments',
      examples: [],
      args: [{ name: 'app', type: 'minion', required: true }, { name: 'version', type: 'string' }] as const,
      flags: [{ name: 'force', help: 'x' }],
      sideEffects: true,
      destructive: true,
      async run(ctx, a) {
        seen.push({ ...(a.version !== undefined ? { version: a.version } : {}), force: ctx.flags.has('force') });
      },
    });
    const b = await testBot({ commands: [upd], log: pino({ level: 'silent' }) });
    const r = await b.robot.invokeAsSystem({ id: 'outbox:1', principal: { kind: 'recipe', name: 'deploy-tag' }, text: 'update wekan "--force"', channel: 'ops', command: 'update', destructive: true });
    expect(r.outcome).toBe('ok');
    expect(seen).toEqual([{ version: '--force', force: false }]);
    expect(b.store.history(1)[0]).toMatchObject({ userId: 'recipe:deploy-tag', source: 'recipe' });
  });
});
