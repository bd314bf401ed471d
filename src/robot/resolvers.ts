// Built-in argument types. Domain types (minion, backup, user) are registered by main.ts from the core.
import type { AnyCommand } from './command.js';
import { quote, type TypeResolver } from './grammar/parse.js';
import { suggest } from './grammar/nearmiss.js';

/** Safe identifier: what app names, tags and job names look like. Refuses shell metacharacters and paths. */
export const WORD = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function builtinTypes(commands: () => readonly AnyCommand[]): Map<string, TypeResolver> {
  return new Map<string, TypeResolver>([
    [
      'string',
      {
        resolve: (raw) =>
          raw.length <= 500 ? { ok: true, value: raw } : { ok: false, message: `that value is too long (${raw.length} characters, at most 500)` },
      },
    ],
    [
      'int',
      {
        resolve: (raw) =>
          /^\d{1,6}$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false, message: `${quote(raw)} is not a whole number` },
      },
    ],
    [
      'word',
      {
        resolve: (raw) =>
          WORD.test(raw)
            ? { ok: true, value: raw }
            : { ok: false, message: `${quote(raw)} is not a valid name`, hint: 'names use letters, digits, dot, dash and underscore (at most 63)' },
      },
    ],
    [
      // a backup: latest, a date or date-time prefix (2026-11-20, 2026-11-20T10:15), or a file name
      'when',
      {
        resolve: (raw) =>
          WORD.test(raw) || /^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2}){0,2}Z?$/.test(raw)
            ? { ok: true, value: raw }
            : { ok: false, message: `${quote(raw)} is not a backup date or file name`, hint: 'say latest, a date such as 2026-11-20 (or 2026-11-20T10:15), yesterday, or a file name from `backups`' },
      },
    ],
    [
      'command',
      {
        resolve(raw) {
          const lower = raw.toLowerCase();
          const found = commands().find((c) => c.name === lower || (c.aliases ?? []).includes(lower));
          if (found) return { ok: true, value: found.name };
          const close = suggest(lower, commands().map((c) => c.name));
          return {
            ok: false,
            message: `there is no command ${quote(raw)}`,
            hint: close.length ? `did you mean ${close.map((c) => `\`${c}\``).join(' or ')}?` : 'say `help` for the list',
          };
        },
      },
    ],
  ]);
}

/**
 * A resolver for a named set (apps in the catalog, backups…): exact names only; near names are suggested,
 * never applied (STYLE: no fuzzy matching of the arguments a command acts on).
 */
export function namedSetType(o: {
  noun: string;
  names: () => Iterable<string>;
  /** Accept `all` (and "everything", "all apps"…) as a value. */
  allowAll?: boolean;
}): TypeResolver {
  const synonyms = o.allowAll
    ? { everything: 'all', 'every app': 'all', 'all apps': 'all', 'all of them': 'all', 'all the apps': 'all', all: 'all' }
    : undefined;
  return {
    synonyms,
    resolve(raw) {
      const lower = raw.toLowerCase();
      if (o.allowAll && lower === 'all') return { ok: true, value: 'all' };
      const names = [...o.names()];
      if (!WORD.test(raw)) return { ok: false, message: `${quote(raw)} is not a valid ${o.noun} name`, hint: 'names use letters, digits, dot, dash and underscore' };
      if (names.includes(lower)) return { ok: true, value: lower };
      const close = suggest(lower, names);
      return {
        ok: false,
        message: `no ${o.noun} called ${raw}${close.length ? `: did you mean ${close.join(' or ')}?` : ''}`,
        hint: close.length ? undefined : `known: ${names.slice(0, 20).join(', ') || 'none'}`,
      };
    },
  };
}

/**
 * The app argument types every bot registers, over one list of app names: `minion`, `minion-or-all`, and with
 * `summoner` (a reserved name, never a minion's: Summoner's own state) `minion-or-summoner` and `backup-subject`.
 */
export function appArgTypes(names: () => Iterable<string>): [string, TypeResolver][] {
  const withSelf = () => [...names(), 'summoner'];
  return [
    ['minion', namedSetType({ noun: 'app', names })],
    ['minion-or-all', namedSetType({ noun: 'app', names, allowAll: true })],
    ['minion-or-summoner', namedSetType({ noun: 'app', names: withSelf })],
    ['backup-subject', namedSetType({ noun: 'app', names: withSelf, allowAll: true })],
  ];
}
