// Letters held down in a hurry or for feeling ("restoooore wekaaan pleeeease", "ghosttt is downnn", « restauuure »,
// « viiite »): a run of three or more of one letter is typed for one or two. Each run is cut to one or two letters, and
// the first cut that makes a word Summoner knows (a command's word, an app, a small word) is taken; with none, every
// run is cut to one letter (English and French words do not hold three). Pure.
import { normalise } from './words.js';

/** A run of three or more of one letter. */
const RUN = /(\p{L})\1{2,}/gu;
const MAX_WORD = 40;
// (a word on its own: not part of an address, a path or a name with dots, "www.example.org", "aaa_backup")
const WORD_WITH_HELD = /(?<![\p{L}\p{N}_./@:-])[\p{L}'’-]*(\p{L})\1{2,}[\p{L}'’-]*(?![\p{N}_/@:]|[.-][\p{L}\p{N}])/gu;

/** The message with its held letters cut back; `isWord` says whether a normalised word is one Summoner reads. */
export function unstretched(text: string, isWord: (w: string) => boolean): string {
  if (text.search(RUN) < 0) return text;
  return text.replace(WORD_WITH_HELD, (word) => {
    // (a word longer than any typed in a hurry is left as it is: "xxxx…" pasted 100,000 times is no word to mend)
    if (word.length > MAX_WORD) return word;
    const runs = [...word.matchAll(RUN)].slice(0, 4);
    // every choice of one or two letters per run, the shortest first
    for (let mask = 0; mask < 1 << runs.length; mask++) {
      let out = '';
      let from = 0;
      runs.forEach((r, k) => {
        out += word.slice(from, r.index) + r[1]!.repeat(mask & (1 << k) ? 2 : 1);
        from = r.index! + r[0].length;
      });
      out += word.slice(from);
      if (isWord(normalise(out))) return out;
    }
    return word.replace(RUN, '$1');
  });
}
