// Where the config says notifications go (recipes' channels, hooks' channels, ops), checked at start through
// the chat port: a misspelled channel stops the bot with one line naming every recipe that uses it, instead of
// each event failing later. Notify never knows the chat's API; the adapter says what is wrong with a name.
import { SummonerError } from '../errors.js';
import type { ChatPort } from '../robot/types.js';
import type { NotifyConfig } from './config.js';

/** A channel written as a template (`{{…}}`) is only known per event: it cannot be checked at start. */
const isTemplate = (s: string) => s.includes('{{');

export interface Destinations {
  /** Destination → who names it (`recipe gl-failed`, `hook github`, `channels.ops`), in config order. */
  named: Map<string, string[]>;
  /** Templated destinations, by who names them: checked per event only. */
  templated: string[];
}

/** Every destination the config names, and by whom. `~dev` and `dev` are the same channel. */
export function destinationsOf(config: NotifyConfig, opsChannel: string): Destinations {
  const named = new Map<string, string[]>();
  const templated: string[] = [];
  const add = (channel: string, by: string) => {
    if (isTemplate(channel)) {
      templated.push(`${by} (${channel})`);
      return;
    }
    const key = channel.replace(/^~/, '');
    const users = named.get(key) ?? [];
    if (!users.includes(by)) users.push(by);
    named.set(key, users);
  };
  add(opsChannel, 'channels.ops');
  for (const [name, hook] of Object.entries(config.hooks)) if (hook.channel) add(hook.channel, `hook ${name}`);
  for (const r of config.recipes) {
    for (const a of r.then) {
      if (a.post) add(a.post.channel, `recipe ${r.name}`);
      else if (a.command && typeof a.command === 'object' && a.command.channel) add(a.command.channel, `recipe ${r.name}`);
    }
  }
  return { named, templated };
}

export interface DestinationCheck {
  /** Checked and fine. */
  checked: number;
  /** What could not be checked, and why (the shell has no channels; templated channels). */
  unchecked: string[];
}

/**
 * Asks the chat to check every destination; throws one `config.invalid` error whose message is one line naming
 * each recipe (hook, ops) with what is wrong with its channel, all of them in one pass.
 */
export async function checkDestinations(chat: ChatPort, d: Destinations): Promise<DestinationCheck> {
  const unchecked = d.templated.map((t) => `${t}: a templated channel is checked per event only`);
  if (!chat.checkDestinations) {
    // ops alone is not worth a line: the console itself is where the answers go
    const names = [...d.named].filter(([, by]) => by.some((b) => b !== 'channels.ops')).map(([n]) => (n.startsWith('@') ? n : `~${n}`));
    if (names.length) unchecked.unshift(`the ${chat.name} adapter cannot check channels; not checked: ${names.join(', ')}`);
    return { checked: 0, unchecked };
  }
  const problems = await chat.checkDestinations([...d.named.keys()]);
  if (problems.size === 0) return { checked: d.named.size, unchecked };
  // grouped by who names the channel: a recipe author reads their recipe's name first
  const byUser = new Map<string, string[]>();
  for (const [name, problem] of problems) for (const by of d.named.get(name) ?? [name]) byUser.set(by, [...(byUser.get(by) ?? []), problem]);
  const parts = [...byUser].map(([by, ps]) => `${by}: ${ps.join(', ')}`);
  throw new SummonerError('config.invalid', `notification channels: ${parts.join('; ')}`, {
    hint: 'fix the channel name in the recipe (or add the bot to the channel), then start again',
  });
}
