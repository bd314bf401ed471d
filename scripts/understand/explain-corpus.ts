// Score an utterance corpus from outside, through the built entry point: one `node dist/src/main.js --explain`
// process per utterance, as a reviewer with a corpus of their own would (`npm run build` first).
//   tsx scripts/understand/explain-corpus.ts [corpus folder] [--now 2026-12-02T09:30:00Z]
// The folder holds en.txt and fr.txt in the format of test/fixtures/utterances (`text => canonical` or `?`).
// Prints accuracy per language and per command, every miss, the commands with side effects (destructive or
// not) produced but not meant, then one JSON line of the figures.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { allCommands } from '../../src/explain.js';
import { readCorpus, type Utterance } from '../../test/helpers/utterances.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const nowAt = args.indexOf('--now');
const now = nowAt >= 0 ? args.splice(nowAt, 2)[1]! : '2026-12-02T09:30:00Z';
const dir = path.resolve(args[0] ?? path.join(root, 'test/fixtures/utterances-heldout'));
const spec = new Map(allCommands().map((c) => [c.name, c]));

interface Result extends Utterance {
  got: string;
  ok: boolean;
  wrongSideEffect: boolean;
  wrongDestructive: boolean;
}

async function explain(u: Utterance): Promise<Result> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: u.lang === 'fr' ? 'fr_FR.UTF-8' : 'en_US.UTF-8' };
  const { stdout } = await run(process.execPath, [path.join(root, 'dist/src/main.js'), '--explain', u.text, '--now', now], { env, cwd: root });
  const e = JSON.parse(stdout) as { command: string | null; canonical: string | null };
  const got = e.command ? e.canonical! : '?';
  const ok = got === u.expected;
  const c = e.command ? spec.get(e.command) : undefined;
  return { ...u, got, ok, wrongSideEffect: !ok && !!c?.sideEffects, wrongDestructive: !ok && !!c?.destructive };
}

const corpus = readCorpus(dir);
const results: Result[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: 3 }, async () => {
    while (next < corpus.length) results.push(await explain(corpus[next++]!));
  }),
);

function table(key: (r: Result) => string): Record<string, string> {
  const g = new Map<string, Result[]>();
  for (const r of results) g.set(key(r), [...(g.get(key(r)) ?? []), r]);
  return Object.fromEntries([...g].sort(([a], [b]) => a.localeCompare(b)).map(([k, l]) => [k, `${l.filter((r) => r.ok).length}/${l.length}`]));
}
const pct = (l: Result[]) => Number(((100 * l.filter((r) => r.ok).length) / l.length).toFixed(1));
const byLang = table((r) => r.lang);
const byCommand = table((r) => (r.expected === '?' ? '?' : r.expected.split(' ')[0]!));
console.log('per language:', byLang);
console.log('per command:', byCommand);
for (const r of results.filter((x) => !x.ok).sort((a, b) => a.lang.localeCompare(b.lang) || a.line - b.line))
  console.log(`miss ${r.lang}.txt:${r.line} ${r.text} => ${r.got} (expected ${r.expected})${r.wrongDestructive ? ' WRONG DESTRUCTIVE' : r.wrongSideEffect ? ' WRONG SIDE EFFECT' : ''}`);
console.log(
  JSON.stringify({
    corpus: path.relative(root, dir),
    utterances: results.length,
    accuracy_pct: pct(results),
    accuracy_en_pct: pct(results.filter((r) => r.lang === 'en')),
    accuracy_fr_pct: pct(results.filter((r) => r.lang === 'fr')),
    wrong_destructive: results.filter((r) => r.wrongDestructive).length,
    wrong_side_effects: results.filter((r) => r.wrongSideEffect).length,
  }),
);
