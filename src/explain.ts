// `summoner --explain "<text>"`: what Summoner would run for a sentence, as one JSON line, with no engine and
// no chat: the whole command table, the catalog's app names as vocabulary, the language from LANG.
import path from 'node:path';
import { loadCatalog } from './core/catalog/load.js';
import { shippedCatalogDir } from './core/boot.js';
import { backupCommands, builtinCommands, coreCommands, notifyCommands } from '../commands/index.js';
import type { AnyCommand } from './robot/command.js';
import type { Grammar, TypeResolver } from './robot/grammar/parse.js';
import { appArgTypes, builtinTypes } from './robot/resolvers.js';
import { explanation, understand, type Explanation, type Lang } from './robot/understand/index.js';

export function allCommands(): readonly AnyCommand[] {
  const seen = new Set<AnyCommand>();
  return [...builtinCommands, ...notifyCommands, ...coreCommands, ...backupCommands].filter((c) => (seen.has(c) ? false : (seen.add(c), true)));
}

/** The grammar of a full bot, with `apps` as the app vocabulary. */
export function explainGrammar(apps: () => readonly string[], commands: readonly AnyCommand[] = allCommands()): Grammar {
  const types = builtinTypes(() => commands);
  const extra = new Map<string, TypeResolver>(appArgTypes(apps));
  for (const [k, v] of extra) types.set(k, v);
  return { commands, types };
}

/** The apps of the shipped catalog and the config's folders, each with what it is for (files only: no engine). */
export function explainCatalog(catalogDirs: readonly string[]): Map<string, string> {
  const catalog = loadCatalog([{ dir: shippedCatalogDir(), origin: 'shipped' }, ...catalogDirs.map((dir) => ({ dir: path.resolve(dir), origin: 'custom' as const }))]);
  return new Map(catalog.all().map((m) => [m.name, m.description]));
}

/** Their names alone. */
export function explainCatalogNames(catalogDirs: readonly string[]): string[] {
  return [...explainCatalog(catalogDirs).keys()];
}

export function explainText(text: string, o: { apps: readonly string[]; described?: ReadonlyMap<string, string>; lang?: Lang; now?: () => number; grammar?: Grammar }): Explanation {
  const grammar = o.grammar ?? explainGrammar(() => o.apps);
  const described = o.described;
  return explanation(understand(text, { grammar, apps: () => o.apps, ...(described ? { described: () => described } : {}), lang: o.lang, now: o.now }));
}
