// A value said, then another of its kind set aside with a "not" ("scale ghost to 4 not 2", "restore mattermost from
// nov 28, NOT yesterday", "update gitlab to 17.6.1 !!! not 17.6.0", « restaure gitlab de vendredi dernier, PAS d'hier »,
// "i said RESTART not update"): the "not" and the value it sets aside are dropped, so the request reads on the value
// kept; with no value of that kind before it, the "not" stays and turns the request around, as before ("restore wekan,
// not yesterday's backup" names no backup to take). Pure.

/** Kinds of values, each as a pattern of one value. */
const KINDS = {
  day: String.raw`\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?|yesterday|today|hier|aujourd['’]hui|avant-hier|the\s+day\s+before\s+yesterday|last\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week)|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+derni(?:er|ère)|(?:nov(?:ember)?|novembre|dec(?:ember)?|décembre)\s+\d{1,2}|\d{1,2}\s+(?:nov(?:ember)?|novembre|dec(?:ember)?|décembre)|the\s+\d{1,2}(?:st|nd|rd|th)|(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)`,
  version: String.raw`v?\d+(?:\.\d+)+`,
  count: String.raw`\d{1,3}(?![\d.:])`,
  command: String.raw`restart|update|restore|backup|rollback|dismiss|summon|prune|verify|redémarr\p{L}*|met(?:s|tre|tez)?\s+à\s+jour|restaur\p{L}*|sauvegard\p{L}*`,
};
/** What may stand between the "not" and its value ("not from", « pas d' », "not the"). */
const LEAD = String.raw`(?:(?:from|to|the|de|du|la|le|en|à|a|celle|celui)\s+|d['’]\s*)*`;
/** For each kind: a "not" and the value it sets aside, and any value of that kind. */
const SET_ASIDE = Object.values(KINDS).map((value) => ({
  after: new RegExp(String.raw`([\s,;.!]*)\b(?:not|pas)\s+${LEAD}(${value})(?=[\s,;.!?]|$)`, 'iu'),
  value: new RegExp(String.raw`(?<![\p{L}\p{N}.])(?:${value})(?![\p{L}\p{N}])`, 'giu'),
}));

/** The message without a "not" and the value it sets aside, when a value of that kind was said before it. */
export function withoutSetAside(text: string): string {
  if (!/\b(?:not|pas)\b/iu.test(text)) return text;
  let out = text;
  for (const { after, value } of SET_ASIDE) {
    const m = after.exec(out);
    if (!m) continue;
    const before = out.slice(0, m.index);
    const aside = m[2]!.toLowerCase();
    // a value of that kind said before, and another one (not the one set aside)
    if (![...before.matchAll(value)].some((v) => v[0].toLowerCase() !== aside)) continue;
    // (nor said again after: "retry dead letter 12, not 13, 13 is the gitlab spam" would read it back in)
    const rest = out.slice(m.index + m[0].length);
    if ([...rest.matchAll(value)].some((v) => v[0].toLowerCase() === aside)) continue;
    // (the stop before the "not" is kept: where the sentence ended still counts)
    out = `${before}${m[1]!.trim()}${rest}`;
  }
  return out;
}
