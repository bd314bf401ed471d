// An app name mistyped, against the words of the language it is close to (command-table.ts isAppTypo), read with
// the shipped catalog's apps, as `--explain` reads them on a fresh install.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCommands, explainGrammar } from '../src/explain.js';
import { isAppTypo } from '../src/robot/understand/command-table.js';
import { understand } from '../src/robot/understand/index.js';
import { CORPUS_NOW } from './helpers/utterances.js';

const apps = fs.readdirSync(new URL('../minions', import.meta.url)).filter((d) => !d.includes('.'));
const grammar = explainGrammar(() => apps, allCommands());
const reading = (t: string) => {
  const r = understand(t, { grammar, apps: () => apps, now: () => CORPUS_NOW });
  return r.kind === 'command' ? r.parsed.canonical : r.kind;
};

describe('an app name mistyped', () => {
  it('one slip names the app; two only in a long name', () => {
    for (const [w, app] of [['outlin', 'outline'], ['statc', 'static'], ['gohst', 'ghost'], ['mattermots', 'mattermost'], ['nextclowd', 'nextcloud'], ['wordpres', 'wordpress'], ['nexcloude', 'nextcloud']] as const) expect(isAppTypo(w, app), `${w} ${app}`).toBe(true);
    for (const [w, app] of [['outside', 'outline'], ['routine', 'outline'], ['oublie', 'outline'], ['station', 'static'], ['states', 'static'], ['github', 'gitlab'], ['outline', 'outline']] as const) expect(isAppTypo(w, app), `${w} ${app}`).toBe(false);
  });

  it('a word of the language two slips from a shipped app names no app', () => {
    for (const t of ['can you back up outside of working hours', 'restart it, the routine job hangs', "sauvegarde ce que j'ai oublié", 'logs of the station please', "faudrait qu'on fasse des sauvegardes plus souvent, j'oublie tout le temps"]) {
      expect(reading(t), t).not.toMatch(/outline|static/);
    }
  });

  it('a typo of a shipped app still reads as that app', () => {
    expect(reading('restart outlin')).toBe('restart outline');
    expect(reading('logs of statc please')).toBe('logs static');
    expect(reading('redémarre mattermots')).toBe('restart mattermost');
  });
});
