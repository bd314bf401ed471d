// The bounded memo of the understanding step: what it remembers, and that it stays bounded.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { boundedMemo, boundedPairMemo } from '../src/robot/grammar/bounded-memo.js';
import { bagDistanceAbove, edits, MAX_EDITS } from '../src/robot/grammar/nearmiss.js';
import { readCorpus } from './helpers/utterances.js';
import { sentenceWords, withinOneReading } from '../src/robot/understand/words.js';

describe('boundedMemo', () => {
  it('makes a value once per key, undefined included ("no word meant" is an answer too)', () => {
    const memo = boundedMemo<string | undefined>(10);
    let made = 0;
    const none = () => {
      made++;
      return undefined;
    };
    expect(memo('frday', none)).toBeUndefined();
    expect(memo('frday', none)).toBeUndefined();
    expect(made).toBe(1);
    expect(memo('friday', () => 'friday')).toBe('friday');
    expect(memo('friday', () => 'other')).toBe('friday');
  });

  it('starts over past its bound, so memory does not grow with what it reads', () => {
    const memo = boundedMemo<number>(3);
    let made = 0;
    const make = () => ++made;
    for (const k of ['a', 'b', 'c']) memo(k, make);
    expect(memo('a', make)).toBe(1);
    memo('d', make); // the fourth key: the memo starts over
    expect(memo('a', make)).toBe(5);
  });
});

describe('boundedPairMemo', () => {
  it('makes a value once per pair, tells (a, b) from (b, a), and starts over past its bound', () => {
    const memo = boundedPairMemo<number>(3);
    let made = 0;
    const make = () => ++made;
    expect(memo('ghost', 'gohst', make)).toBe(1);
    expect(memo('ghost', 'gohst', make)).toBe(1);
    expect(memo('gohst', 'ghost', make)).toBe(2);
    expect(memo('ghost', 'host', make)).toBe(3);
    expect(made).toBe(3);
    memo('wekan', 'wekna', make); // the fourth pair: the memo starts over
    expect(memo('ghost', 'gohst', make)).toBe(5);
    expect(memo('wekan', 'wekna', make)).toBe(4);
  });
});

describe('edits', () => {
  // natural's Damerau-Levenshtein (restricted), which edits() calls for the pairs its letters do not rule out
  const damerau = (createRequire(import.meta.url)('natural/lib/natural/distance/levenshtein_distance.js') as { DamerauLevenshteinDistance: (a: string, b: string, o: { restricted: boolean }) => number }).DamerauLevenshteinDistance;

  it('agrees with natural up to MAX_EDITS and says "more" beyond, over every pair of the corpus words and their typos', () => {
    const words = [...new Set(readCorpus().flatMap((u) => u.text.toLowerCase().split(/[^a-zà-ÿ0-9'-]+/u)).filter((w) => w.length >= 3))].slice(0, 150);
    // typos of each: a letter dropped, doubled, two swapped, one changed
    const typos = words.flatMap((w) => [w.slice(1), w + w.at(-1), w.length > 3 ? w.charAt(0) + w.charAt(2) + w.charAt(1) + w.slice(3) : w, `x${w.slice(1)}`]);
    const all = [...words, ...typos];
    let ruledOut = 0;
    let close = 0;
    const wrong: string[] = [];
    for (const a of words) {
      for (const b of all) {
        const exact = damerau(a, b, { restricted: true });
        if (edits(a, b) !== Math.min(exact, MAX_EDITS + 1)) wrong.push(`${a} / ${b}: ${edits(a, b)}, natural ${exact}`);
        if (exact <= MAX_EDITS) close++;
        if (bagDistanceAbove(a, b, MAX_EDITS)) ruledOut++;
      }
    }
    expect(wrong).toEqual([]);
    // (both sides of the bound seen: the close pairs, and the many the letters alone rule out)
    expect(close).toBeGreaterThan(500);
    expect(ruledOut).toBeGreaterThan(words.length * all.length * 0.5);
  });

  it('bag distance: letters missing from either side, a lower bound of the edits', () => {
    expect(bagDistanceAbove('restore', 'retsore', 0)).toBe(false); // a transposition changes no letter count
    expect(bagDistanceAbove('wekan', 'ghost', 2)).toBe(true);
    expect(bagDistanceAbove('backup', 'backups', 0)).toBe(true);
    expect(bagDistanceAbove('backup', 'backups', 1)).toBe(false);
    // not ASCII: not bounded here (edits() asks natural)
    expect(bagDistanceAbove('redémarre', 'zzzzzzzzz', 2)).toBe(false);
    expect(edits('redémarre', 'redemarre')).toBe(1);
    // the counts are left at zero between calls
    expect(bagDistanceAbove('aaaa', 'bbbb', 3)).toBe(true);
    expect(bagDistanceAbove('abcd', 'abcd', 0)).toBe(false);
  });
});

describe('withinOneReading', () => {
  it('splits a text into words once within one reading, and again in the next one', () => {
    const [a, b] = withinOneReading(() => [sentenceWords('restore ghost from yesterday'), sentenceWords('restore ghost from yesterday')]);
    expect(a).toBe(b);
    expect(a!.map((w) => w.text)).toEqual(['restore', 'ghost', 'from', 'yesterday']);
    const c = withinOneReading(() => sentenceWords('restore ghost from yesterday'));
    expect(c).not.toBe(a);
    expect(c).toEqual(a);
    // outside a reading nothing is kept
    expect(sentenceWords('status')).not.toBe(sentenceWords('status'));
  });
});
