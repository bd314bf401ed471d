// The idle trim (src/idle-trim.ts): V8's young generation, grown by a burst, is given back once the event loop
// is idle, and not while it works. Real V8 in this process: its heap statistics, its collections.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startIdleTrim, youngGenerationBytes, type IdleTrim } from '../src/idle-trim.js';

const MB = 1024 * 1024;
const ABOVE = 4 * MB;

/** What grows a young generation: many objects, a share of them kept across scavenges (the start, a burst). */
function burst(): number {
  let keep: unknown[] = [];
  for (let i = 0; i < 2_000_000 && youngGenerationBytes() <= 2 * ABOVE; i++) {
    keep.push({ i, a: [i] });
    if (keep.length > 200_000) keep = keep.slice(100_000);
  }
  return keep.length;
}

let trim: IdleTrim | undefined;
afterEach(() => trim?.stop());

describe('idle trim', () => {
  it('gives a grown young generation back once the loop has been idle, in one full collection or a few', async () => {
    burst();
    const grown = youngGenerationBytes();
    expect(grown).toBeGreaterThan(ABOVE);
    const trims: [number, number][] = [];
    trim = startIdleTrim({ everyMs: 1_500, youngAbove: ABOVE, onTrim: (before, after) => trims.push([before, after]) });
    await vi.waitFor(() => expect(youngGenerationBytes()).toBeLessThanOrEqual(ABOVE), { timeout: 30_000, interval: 250 });
    expect(trims.length).toBeGreaterThanOrEqual(1);
    expect(trims.length).toBeLessThanOrEqual(3);
    expect(trim.collections()).toBe(trims.length);
    expect(trims.at(-1)![1]).toBeLessThanOrEqual(ABOVE);
    expect(trims[0]![0]).toBeGreaterThan(ABOVE);
  }, 40_000);

  it('does not collect while the loop works, however large the young generation', async () => {
    trim = startIdleTrim({ everyMs: 100, youngAbove: ABOVE });
    // half a second of work per turn, six turns: every period the timer reads is a busy one
    for (let turn = 0; turn < 6; turn++) {
      const end = Date.now() + 500;
      while (Date.now() < end) burst();
      expect(youngGenerationBytes()).toBeGreaterThan(ABOVE);
      await new Promise<void>((r) => setImmediate(r));
    }
    expect(trim.collections()).toBe(0);
  }, 30_000);
});
