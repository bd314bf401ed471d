// The line to explain typed bare after `explain`, then the asker's own words after a comma or a dash: "summoner explain
// dismiss static --purge, I want to see what it'd do before the head decides", « explain restore wekan 2026-11-28 —
// avant de le lancer pour de vrai ». The line is what is explained, as it is when quoted ('explain "dismiss ghost
// --purge" please, before I do something stupid'); the words after it are why. Only when the part before the first
// comma or dash is a whole exact line, and only that part: "explain how verify works" stays the text typed.
// Or the line sits inside the asker's words, typed bare: "explain prune wekan without running anything", « explique
// sans rien exécuter : prune nextcloud », « explique ce que fait scale wekan 3 avant que je le lance » (`lineInside`):
// a line of a command and at least one argument, after three words at most, the longest that parses exactly. Pure.

/** A comma, a semicolon or a dash between spaces: where the asker's words begin. */
const CUT = /\s*(?:[,;]|\s[-–—]\s)\s*/u;

/** The exact line before the asker's words, when there is one; undefined otherwise. */
export function lineBeforeReason(text: string, exact: (line: string) => boolean): string | undefined {
  const cut = CUT.exec(text);
  if (!cut || cut.index === 0) return undefined;
  const line = text.slice(0, cut.index).trim();
  return /\S/u.test(text.slice(cut.index + cut[0].length)) && exact(line) ? line : undefined;
}

/** Words that open the asker's own words after a line ("without running anything", « sans le lancer », "before I run it"). */
const ASKER_AFTER = new Set(['without', 'sans', 'before', 'avant', 'but', 'mais', 'dont', "don't", 'do', 'no', 'not', 'ne', 'pas', 'only', 'just', 'juste', 'seulement', 'pls', 'please', 'stp', 'svp', 'first', "d'abord", 'for', 'pour']);

/** The exact line inside the text to explain (a command with an argument at least, after three words at most), the longest there. */
export function lineInside(text: string, exact: (line: string) => boolean): string | undefined {
  if (exact(text.trim())) return undefined;
  const words = text.trim().split(/\s+/u).filter((w) => /[\p{L}\p{N}-]/u.test(w));
  for (let i = 0; i <= Math.min(3, words.length - 2); i++) {
    // (a line before it makes a sequence, "explain backup wekan then update wekan": explained whole)
    if (i > 0 && exact(words.slice(0, i).join(' ').replace(/\s+(?:then|and|puis|ensuite|et)$/iu, ''))) break;
    for (let j = words.length; j >= i + 2; j--) {
      const line = words.slice(i, j).join(' ').replace(/[,;:.!?]+$/u, '');
      // (at the start, the words after it must be the asker's, "… without running anything": "explain restore wekan
      // from yesterday" is a sentence to explain whole)
      const asker = i > 0 || j === words.length || ASKER_AFTER.has(words[j]!.toLowerCase());
      if (asker && line.split(' ').length >= 2 && exact(line)) return line;
    }
  }
  return undefined;
}
