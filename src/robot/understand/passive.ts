// A request said of what it acts on, passive or impersonal: "ghost needs to be restarted", "the wordpress backup
// should be verified", "wordpress needs updating", "a backup of nextcloud is needed", "I'd like gitlab to be backed
// up", « ghost a besoin d'être redémarré », « mattermost devrait être mis à jour », « le registry est à purger »,
// « je souhaiterais que gitlab soit sauvegardé », « j'aurais besoin que nextcloud soit restauré », « faire en sorte que ghost soit mis à jour ». The need is the
// request: the message is said again as its imperative ("please restart ghost"), its verb put back in its plain
// form, then read as any other. Only when the message opens on what is acted on (no one reporting it, "marc says
// ghost needs…"), is no question, and says "be" right after the need ("should not be", "should have been" tell or
// refuse), and names no one else to do it ("… by Paul"). Compiled once. Pure.

/** Who may not be the subject: a speaker, a person, a report ("marc says ghost needs…" is not said of ghost). */
const NOT_SUBJECT = /\b(?:i|we|you|he|she|they|someone|says?|said|thinks?|thought|told|reckons?|believes?|wants?|je|j|nous|vous|tu|il|elle|ils|elles|on|dit|pense|trouve|estime|croit|veut|selon)\b/iu;
/** "<thing> needs / has / ought / should / must / is / are (to) be <participle…>", "<thing> needs <-ing>", "<thing> is needed". */
const EN_NEED = /^\s*([^,.;:!?]{2,60}?)\s+(?:(?:needs|need|has|have|ought|should|must|is|are)\s+(?:to\s+)?be\s+([\p{L}-]+(?:\s+(?:up|back))?)|(?:needs|need)\s+(\p{L}+ing(?:\s+up)?|(?:a|an)\s+(?:backup|restart|update|upgrade|rollback|restore|prune))|(?:is|are)\s+(?:needed|required|wanted))(?![\p{L}])(.*)$/isu;
/** "I'd like / I want / we need <thing> (to be) <participle>" */
const EN_WANT = /^\s*(?:i['’]d|i\s+would|we['’]d|we\s+would)\s+like\s+([^,.;:!?]{2,40}?)\s+to\s+be\s+([\p{L}-]+(?:\s+(?:up|back))?)(?![\p{L}])(.*)$/isu;
/**
 * "need the registry backed up rn", "we need ghost restarted now, thx": the need said of the thing and its participle,
 * the speaker's own ("I", "we" or no one); only when the clause ends there or on a word of urgency or politeness ("…
 * backed up more often" wishes a schedule, "… by friday" plans: left as they are).
 */
const EN_NEED_DONE = /^\s*(?:(?:i|we)\s+)?(?:really\s+)?(?:need|want)\s+((?:the\s+|our\s+)?[^,.;:!?\s]+(?:\s+[^,.;:!?\s]+)?)\s+(\p{L}+(?:ed|en)(?:\s+(?:up|back))?)(?=\s*(?:[,.;!]|$|(?:now|rn|asap|please|pls|plz|thanks|thx|right\s+now)\b))(.*)$/isu;
/** « <chose> a besoin d'être / doit être / devrait être / mériterait d'être <participe> », « <chose> est à / sont à <infinitif> » */
const FR_NEED = /^\s*([^,.;:!?]{2,60}?)\s+(?:(?:a\s+besoin|aurait\s+besoin|m[ée]rite|m[ée]riterait|gagnerait)\s+d['’]\s*[êe]tre|(?:doit|doivent|devrait|devraient)\s+[êe]tre|(?:est|sont|reste|restent)\s+[àa](?=\s+\p{L}+(?:er|ir|re)\b))\s+(\p{L}+(?:\s+(?:[àa]\s+jour|en\s+pause|en\s+route))?)(?![\p{L}])(.*)$/isu;
/** « je voudrais / souhaiterais / j'aimerais / j'aurais besoin que <chose> soit <participe> », « faire en sorte que <chose> soit <participe> »,
 * and said impersonally, « il conviendrait / il importe que <chose> soit <participe> » (not « il faudrait que… », often
 * a question of advice) */
const FR_WANT = /^\s*(?:(?:je\s+|j['’]\s*)(?:voudrais|souhaiterais|souhaite|veux|aimerais|ai\s+besoin|aurais\s+besoin)|(?:nous\s+avons|on\s+a|on\s+aurait|nous\s+aurions)\s+besoin|(?:pourriez-vous|pourrais-tu|peux-tu|pouvez-vous|veuillez|merci\s+de)\s+faire\s+en\s+sorte|il\s+(?:convient|conviendrait|importe|importerait))\s+qu(?:e\s+|['’]\s*)([^,.;:!?]{2,40}?)\s+soi(?:t|ent)\s+(\p{L}+(?:\s+(?:[àa]\s+jour|en\s+pause))?)(?![\p{L}])(.*)$/isu;

/**
 * Said right after the need, who is to do it when it is not the bot: "ghost needs to be restarted by Paul", "… by the
 * night job", « … par l'astreinte ». Someone else's task, not a request ("by you", "by tonight", « par toi » are).
 */
const BY_SOMEONE_ELSE = /^\s*(?:by|par)\s+(?!(?:you|u|yourself|summoner|the\s+bot|this\s+bot|toi|vous|toi-m[êe]me|vous-m[êe]mes?|tonight|tomorrow|today|noon|midnight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s+end|end\s+of|eod|eow|cob|next|this|then|now|later)\b|\d)\p{L}/iu;

/** What an English participle looks like ("restarted", "backed up", "run", "done"): "to be the way it was" is none. */
const PARTICIPLE = /^(?:\p{L}+(?:ed|en|wn)|run|rerun|done|redone|set|reset|put|built|rebuilt|spun)(?:\s+(?:up|back))?$/iu;

const IRREGULAR: Readonly<Record<string, string>> = { spun: 'spin', done: 'do', redone: 'redo', built: 'build', rebuilt: 'rebuild' };

/** An English participle or gerund in its plain form ("backed up" → "back up", "updating" → "update"). */
export function plainEn(p: string): string {
  const [verb, up] = p.toLowerCase().replace(/^an?\s+/, '').split(/\s+/);
  let base = verb!;
  if (/ing$/.test(base)) {
    base = base.slice(0, -3);
    // ("spinning": one of a doubled last consonant; "updating", "pruning": the silent e back after a short syllable)
    if (/([bdgmnprt])\1$/.test(base)) base = base.slice(0, -1);
    else if (/[^aeiou][aeiou][^aeiouwxy]$/.test(base)) base += 'e';
  } else if (/ied$/.test(base)) base = `${base.slice(0, -3)}y`;
  else if (/ed$/.test(base)) {
    // ("restarted", "backed", "stopped", "restored", "updated": the same two rules)
    base = base.slice(0, -2);
    if (/([bdgmnprt])\1$/.test(base)) base = base.slice(0, -1);
    else if (/[^aeiou][aeiou][^aeiouwxy]$/.test(base)) base += 'e';
  } else base = IRREGULAR[base] ?? base;
  return up ? `${base} ${up}` : base;
}

/** A French participle in its infinitive (« redémarré » → « redémarrer », « mis à jour » → « mettre à jour »). */
function plainFr(p: string): string {
  const [verb, ...rest] = p.toLowerCase().split(/\s+/);
  const base = /^(?:re)?mise?s?$/.test(verb!) ? verb!.replace(/mise?s?$/, 'mettre') : verb!.replace(/[ée]e?s?$/, 'er');
  return [base, ...rest].join(' ');
}

/** The message said as its imperative when it states a need of what it acts on; else as it is. */
export function needAsRequest(text: string): string {
  // (« pourriez-vous faire en sorte que ghost soit mis à jour ? » asks, with its question mark)
  const frWant = FR_WANT.exec(text);
  if (frWant && !BY_SOMEONE_ELSE.test(frWant[3]!)) return `veuillez ${plainFr(frWant[2]!)} ${frWant[1]!.trim()}${frWant[3]!}`;
  if (/\?\s*$/.test(text)) return text;
  const en = EN_NEED.exec(text);
  if (en && !NOT_SUBJECT.test(en[1]!) && (!en[2] || PARTICIPLE.test(en[2])) && !BY_SOMEONE_ELSE.test(en[4]!)) return `please ${en[2] || en[3] ? plainEn((en[2] || en[3])!) : 'do'} ${en[1]!.trim()}${en[4]!}`;
  const done = EN_NEED_DONE.exec(text);
  if (done && PARTICIPLE.test(done[2]!)) return `please ${plainEn(done[2]!)} ${done[1]!.trim()}${done[3]!}`;
  const want = EN_WANT.exec(text);
  if (want && PARTICIPLE.test(want[2]!) && !BY_SOMEONE_ELSE.test(want[3]!)) return `please ${plainEn(want[2]!)} ${want[1]!.trim()}${want[3]!}`;
  const fr = FR_NEED.exec(text);
  if (fr && !NOT_SUBJECT.test(fr[1]!) && !BY_SOMEONE_ELSE.test(fr[3]!)) return `veuillez ${plainFr(fr[2]!)} ${fr[1]!.trim()}${fr[3]!}`;
  return text;
}
