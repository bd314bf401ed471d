// The line to explain typed bare after `explain`, then the asker's own words after a comma or a dash: "summoner explain
// dismiss static --purge, I want to see what it'd do before the head decides", « explain restore wekan 2026-11-28 —
// avant de le lancer pour de vrai ». The line is what is explained, as it is when quoted ('explain "dismiss ghost
// --purge" please, before I do something stupid'); the words after it are why. Only when the part before the first
// comma or dash is a whole exact line, and only that part: "explain how verify works" stays the text typed. Pure.

/** A comma, a semicolon or a dash between spaces: where the asker's words begin. */
const CUT = /\s*(?:[,;]|\s[-–—]\s)\s*/u;

/** The exact line before the asker's words, when there is one; undefined otherwise. */
export function lineBeforeReason(text: string, exact: (line: string) => boolean): string | undefined {
  const cut = CUT.exec(text);
  if (!cut || cut.index === 0) return undefined;
  const line = text.slice(0, cut.index).trim();
  return /\S/u.test(text.slice(cut.index + cut[0].length)) && exact(line) ? line : undefined;
}
