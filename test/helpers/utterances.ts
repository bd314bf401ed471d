// The utterance corpus (test/fixtures/utterances): read, and scored through the understanding step.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCommands, explainGrammar } from '../../src/explain.js';
import { understand, type Understood } from '../../src/robot/understand/index.js';

export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'utterances');
/** The corpus's clock: Wednesday 2026-12-02 09:30 UTC. */
export const CORPUS_NOW = Date.parse('2026-12-02T09:30:00Z');
export const CORPUS_APPS = ['ghost', 'gitlab', 'mattermost', 'nextcloud', 'registry', 'static', 'wekan', 'wordpress'];

export interface Utterance {
  lang: 'en' | 'fr';
  text: string;
  /** A canonical command line, or `?` for a question. */
  expected: string;
  line: number;
}

export function readCorpus(dir = CORPUS_DIR): Utterance[] {
  const out: Utterance[] = [];
  for (const lang of ['en', 'fr'] as const) {
    fs.readFileSync(path.join(dir, `${lang}.txt`), 'utf8')
      .split('\n')
      .forEach((l, i) => {
        if (!l.trim() || l.startsWith('#')) return;
        const at = l.lastIndexOf(' => ');
        if (at < 0) throw new Error(`${lang}.txt:${i + 1}: no " => "`);
        out.push({ lang, text: l.slice(0, at).trim(), expected: l.slice(at + 4).trim(), line: i + 1 });
      });
  }
  return out;
}

const grammar = explainGrammar(() => CORPUS_APPS, allCommands());

export function read(text: string): Understood {
  return understand(text, { grammar, apps: () => CORPUS_APPS, now: () => CORPUS_NOW });
}

/** The canonical line of a reading, or `?` when it asks or is unknown. */
const lineOf = (r: Understood): string => (r.kind === 'command' ? r.parsed.canonical : '?');

/** The canonical line a message is read as, or `?` when it is asked or unknown. */
export function readLine(text: string): string {
  return lineOf(read(text));
}

export interface Scored extends Utterance {
  got: string;
  ok: boolean;
  /** A command that would act (side effects) but is not the one meant. */
  wrongSideEffect: boolean;
  wrongDestructive: boolean;
  command: string;
}

export function score(u: Utterance): Scored {
  const r = read(u.text);
  const got = lineOf(r);
  const ok = got === u.expected;
  const c = r.kind === 'command' ? r.parsed.command : undefined;
  return {
    ...u,
    got,
    ok,
    wrongSideEffect: !ok && !!c?.sideEffects,
    wrongDestructive: !ok && !!c?.destructive,
    command: u.expected === '?' ? '?' : u.expected.split(' ')[0]!,
  };
}
