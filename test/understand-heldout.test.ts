// The held-out utterance set (test/fixtures/utterances-heldout): written before the parser was read, to check
// that understanding generalises beyond the phrasings it was tuned on. Same bar as the corpus: 90 % per
// language, and no command with side effects (destructive or not) that was not the one meant.
// `tsx scripts/understand/explain-corpus.ts` scores the same set from outside, through the built `--explain`.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, readCorpus, score } from './helpers/utterances.js';

const results = readCorpus(path.join(CORPUS_DIR, '..', 'utterances-heldout')).map(score);

describe('the held-out utterances', () => {
  it('are at least 150, in English and French', () => {
    expect(results.length).toBeGreaterThanOrEqual(150);
    expect(results.filter((r) => r.lang === 'fr').length).toBeGreaterThanOrEqual(75);
  });

  it('are understood at 90 % or better per language, and nothing with side effects is read that was not meant', () => {
    const misses = results.filter((r) => !r.ok);
    if (misses.length) console.log(`held-out misses:\n${misses.map((m) => `${m.lang}.txt:${m.line} ${m.text} => ${m.got} (expected ${m.expected})`).join('\n')}`);
    for (const lang of ['en', 'fr']) {
      const l = results.filter((r) => r.lang === lang);
      expect(l.filter((r) => r.ok).length / l.length, lang).toBeGreaterThanOrEqual(0.9);
    }
    expect(results.filter((r) => r.wrongSideEffect || r.wrongDestructive).map((r) => `${r.lang}.txt:${r.line} ${r.text} => ${r.got}`)).toEqual([]);
  });
});
