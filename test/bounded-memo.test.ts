// The bounded memo of the understanding step: what it remembers, and that it stays bounded.
import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../src/robot/grammar/bounded-memo.js';
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
