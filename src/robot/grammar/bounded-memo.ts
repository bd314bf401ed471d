// A per-process memo for pure functions of words, bounded: the understanding step asks the same few thousand
// questions (a word's stem, two words' edits) on every message; past `max` entries the memo starts over, so a
// long-running bot's memory does not grow with what it has read. Pure apart from the memo itself.

/** `(key, make)`: the value remembered for `key`, or `make()`'s, remembered. */
export function boundedMemo<V>(max: number): (key: string, make: () => V) => V {
  const memo = new Map<string, V>();
  return (key, make) => {
    let v = memo.get(key);
    // (undefined is a value too, "no word meant": remembered, not made again on every call)
    if (v === undefined && !memo.has(key)) {
      v = make();
      if (memo.size >= max) memo.clear();
      memo.set(key, v);
    }
    return v as V;
  };
}

/**
 * The same for a function of two words, without joining them into a key: a joined key is a new string to hash on
 * every call, and the understanding step asks thousands of pairs per message (a sentence word against each
 * command word). Past `max` pairs it starts over.
 */
export function boundedPairMemo<V>(max: number): (a: string, b: string, make: () => V) => V {
  const memo = new Map<string, Map<string, V>>();
  let size = 0;
  return (a, b, make) => {
    let row = memo.get(a);
    let v = row?.get(b);
    if (v === undefined && !row?.has(b)) {
      v = make();
      if (size >= max) {
        memo.clear();
        size = 0;
        row = undefined;
      }
      if (!row) memo.set(a, (row = new Map()));
      row.set(b, v);
      size++;
    }
    return v as V;
  };
}
