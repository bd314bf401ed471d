// The readings a rule returns, made the same way by every rule: a command line built back through the strict grammar
// (so the resolvers check its values), a command read, a guess proposed, no request read, a request for later, the
// template a question's answer completes. Pure.
import type { AnyCommand } from '../command.js';
import { parseCommand, renderValue, type Grammar, type ParsedCommand } from '../grammar/parse.js';
import type { Lang } from './words.js';
import type { Understood } from './understood.js';

/** The command line for a command and its values, read back through the strict grammar (so resolvers check it). */
export function build(command: AnyCommand, args: Record<string, string | number | undefined>, flags: ReadonlySet<string>, grammar: Grammar): ParsedCommand | undefined {
  const parts: string[] = [command.name];
  const flagged = [...flags].map((f) => `--${f}`);
  for (const a of command.args) {
    const v = args[a.name];
    if (v === undefined) break;
    // (the flags go before an argument that takes the rest of the line, which would take them too: `schedule add … --destructive "prune nextcloud"`)
    if (a.rest) parts.push(...flagged.splice(0));
    parts.push(renderValue(String(v)));
  }
  parts.push(...flagged);
  const r = parseCommand(parts.join(' '), grammar);
  return r.ok ? { ...r, guessed: true, rewritten: true } : undefined;
}

export function finish(parsed: ParsedCommand, confidence: number, lang: Lang, via: 'phrase' | 'follow-up'): Understood {
  return { kind: 'command', parsed, confidence, lang, via };
}

export function didYouMean(p: ParsedCommand, lang: Lang, command: AnyCommand = p.command): Understood {
  return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `vouliez-vous dire \`${p.canonical}\` ?` : `did you mean \`${p.canonical}\`?`, options: [p.canonical] } };
}

/** No request read: asked, nothing run; the command's help named (`withHelp`) when the words were its own. */
export function noRequest(lang: Lang, command: AnyCommand, withHelp = true): Understood {
  const help = !withHelp ? '' : lang === 'fr' ? ` Dites la commande exacte si vous la voulez (\`help ${command.name}\`).` : ` Say the exact command if you want it (\`help ${command.name}\`).`;
  return { kind: 'ask', lang, command, question: { text: `${lang === 'fr' ? 'je ne lis pas une demande dans ce message, je ne lance rien.' : "I don't read a request in that, so I run nothing."}${help}`, options: [] } };
}
/** A request for later: asked, since the bot runs things only now. */
export function forLater(lang: Lang, command: AnyCommand): Understood {
  return { kind: 'ask', lang, command, question: { text: lang === 'fr' ? `c'est pour plus tard, et je ne lance que maintenant : dites-le quand vous le voulez (\`help ${command.name}\`).` : `that is for later, and I only run things now: say it when you want it (\`help ${command.name}\`).`, options: [] } };
}
export function templateFor(command: AnyCommand, args: Record<string, string | number | undefined>, slot: string): string {
  const parts = [command.name];
  for (const a of command.args) {
    if (a.name === slot) parts.push('{}');
    else if (args[a.name] !== undefined) parts.push(String(args[a.name]));
    else break;
  }
  return parts.join(' ');
}
