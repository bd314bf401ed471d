// The utterance corpus through the understanding step: accuracy per command and per language, and no
// command with side effects (destructive or not) that was not the one meant.
import { describe, expect, it } from 'vitest';
import { readCorpus, score, type Scored } from './helpers/utterances.js';

const results = readCorpus().map(score);

function table(by: (s: Scored) => string): string {
  const groups = new Map<string, Scored[]>();
  for (const s of results) groups.set(by(s), [...(groups.get(by(s)) ?? []), s]);
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, l]) => `${k.padEnd(10)} ${String(l.filter((s) => s.ok).length).padStart(3)}/${String(l.length).padEnd(3)} ${((100 * l.filter((s) => s.ok).length) / l.length).toFixed(0)}%`)
    .join('\n');
}

describe('the utterance corpus', () => {
  it('holds at least 300 utterances, in English and French', () => {
    expect(results.length).toBeGreaterThanOrEqual(300);
    expect(results.filter((r) => r.lang === 'fr').length).toBeGreaterThanOrEqual(100);
  });

  it('is understood at 90 % or better, per language too (accuracy printed per command and language)', () => {
    const misses = results.filter((r) => !r.ok);
    console.log(`accuracy per language:\n${table((s) => s.lang)}\naccuracy per command:\n${table((s) => s.command)}`);
    if (misses.length) console.log(`misses:\n${misses.map((m) => `${m.lang}.txt:${m.line} ${m.text} => ${m.got} (expected ${m.expected})`).join('\n')}`);
    for (const lang of ['en', 'fr']) {
      const l = results.filter((r) => r.lang === lang);
      expect(l.filter((r) => r.ok).length / l.length, lang).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('never produces a destructive command, nor one with side effects, that was not meant', () => {
    const wrong = results.filter((r) => r.wrongSideEffect || r.wrongDestructive).map((r) => `${r.lang}.txt:${r.line} ${r.text} => ${r.got} (expected ${r.expected})`);
    expect(wrong).toEqual([]);
  });
});
