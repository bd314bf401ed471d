// A request hinted at by what would help: "a fresh report wouldn't hurt", « un petit rapport ferait pas de mal », "we
// could use a fresh backup of nextcloud", « on aurait bien besoin d'une sauvegarde de ghost ». The thing named is what
// is wanted, as "nextcloud could really use a restart" is already read: the message is said again as the plain request
// ("please a fresh report"). The caller keeps that reading only when it runs nothing destructive (a rollback hinted at
// is asked, never proposed on a hint). Only a thing said as a noun, with its article; compiled once; pure.

/** "<a thing> wouldn't hurt", "<a thing> would not hurt", "<a thing> couldn't hurt". */
const EN_HURT = /^\s*((?:a|an|another|some|one\s+more|the)\s+[^,.;:!?]{2,60}?)\s+(?:wouldn['’]?t|would\s+not|couldn['’]?t|could\s+not|won['’]?t|will\s+not)\s+hurt\s*[.!]*\s*$/iu;
/** "we could use a …", "I could really use a …" */
const EN_USE = /^\s*(?:we|i)\s+(?:could|can)\s+(?:really\s+|totally\s+|definitely\s+)?use\s+((?:a|an|another|some|one\s+more)\s+\p{L}[^?]*?)\s*[.!]*\s*$/iu;
/** « <une chose> (ne) ferait pas de mal », « <une chose> ne serait pas de refus ». */
const FR_HURT = /^\s*((?:un|une|des|le|la|l['’]\s*|les|encore\s+une?)\s*[^,.;:!?]{2,60}?)\s+(?:(?:ne|n['’])\s*)?(?:ferait|ferais|ferai)\s+pas\s+de\s+mal\s*[.!]*\s*$|^\s*((?:un|une|des|le|la|l['’]\s*|les)\s*[^,.;:!?]{2,60}?)\s+(?:ne\s+|n['’]\s*)?serait\s+pas\s+de\s+refus\s*[.!]*\s*$/iu;

/** The hinted request said plainly, or undefined when the message hints at nothing. */
export function hintAsRequest(text: string): string | undefined {
  if (!/hurt|use|mal|refus/iu.test(text)) return undefined;
  const en = EN_HURT.exec(text) ?? EN_USE.exec(text);
  if (en) return `please ${en[1]!.trim()}`;
  const fr = FR_HURT.exec(text);
  if (fr) return `je voudrais ${(fr[1] ?? fr[2])!.trim()}`;
  return undefined;
}
