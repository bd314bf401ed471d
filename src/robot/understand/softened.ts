// A request softened into a question about a way, a bother or a mood: "is there any way you could restore ghost…?",
// "would you mind spinning up wekan", "y'all mind…", "I'd ask that you restart…", "could I see …" (show me), « ça t'embêterait de sauvegarder
// gitlab ? », « ça te dirait de vérifier… ? », « y aurait moyen de restaurer… ? », « tu crois que tu pourrais… ? »,
// « ce serait possible de restaurer… ? », « on pourrait avoir 3 instances de wekan ? » (can we get…).
// The frame asks nothing of its own (no one wants a yes or no about the bother): it is the "please" it means, and the
// request is read as if said plainly. Compiled once; the frame must open the message. Pure.

/** "is there any way (that) you could / can", "any way you could", "is there any way to", "would you / do you / y'all mind", "I'd ask that you". */
const EN_SOFT = /^\s*(?:(?:is\s+there\s+)?any\s+way\s+(?:(?:that\s+)?(?:you|u)\s+(?:could|can|would|might)|to)|(?:(?:would|do|will)\s+)?(?:you|u|y['’]?all|ya)\s+mind|(?:i['’]d|i\s+would|we['’]d|we\s+would)\s+ask\s+(?:that\s+you|you\s+to))\s+(?=\p{L})/iu;
/** « ça t'embêterait / te dérangerait / vous ennuierait de » (or « ça t'embête de »), « ça te dirait de », « y (aurait|a)-t-il moyen de », « tu crois / penses que tu pourrais ». */
const FR_SOFT = /^\s*(?:(?:[çc]a|cela)\s+(?:t['’]\s*|te\s+|vous\s+)(?:emb[êe]te(?:rait)?|d[ée]range(?:rait)?|ennuie(?:rait)?|g[êe]ne(?:rait)?|dirait)\s+(?:de\s+|d['’]\s*)|(?:est-ce\s+qu['’]\s*)?(?:il\s+)?y\s+(?:aurait|a)(?:-t-il|-il)?\s+moyen\s+(?:de\s+|d['’]\s*)|tu\s+(?:crois|penses)\s+(?:que\s+tu\s+(?:pourrais|peux)|pouvoir)\s+)(?=\p{L})/iu;

/** « ce serait possible de… », « serait-il possible de… »: the conditional asks, as "would it be possible to" does (« est-il possible de » asks whether it can be done). */
const FR_POSSIBLE = /^\s*(?:(?:est-ce\s+que\s+)?(?:ce|[çc]a|cela)\s+serait|serait-(?:il|ce))\s+possible\s+(?:de\s+|d['’]\s*)(?=\p{L})/iu;
/** « on pourrait avoir… ? », « est-ce qu'on peut avoir… », « pourrait-on avoir… »: "can we get…?", asking for the thing. */
// (said of "we" only: « pourrais-je avoir les droits admin ? » asks something for the speaker, not of the apps)
const FR_HAVE = /^\s*(?:(?:est-ce\s+qu['’]\s*)?on\s+(?:pourrait|peut)|(?:pourrait|peut)-on)\s+(?:avoir|obtenir)\s+(?=[\p{L}\p{N}])/iu;

/** "would it be ok to get…", "is it alright if we had…": asking for the thing, as "can we get…" does ("is it ok to purge ghost?" still asks advice). */
const OK_TO_GET = /^\s*(?:would|will|is)\s+it\s+(?:be\s+)?(?:ok|okay|alright|all\s+right|fine)\s+(?:to\s+(?:get|have)|if\s+(?:i|we)\s+(?:get|got|have|had|could\s+(?:get|have)))\s+(?=[\p{L}\p{N}])/iu;

/** « j'aimerais / je voudrais / je souhaiterais que tu… » */
const FR_WANT_YOU = /^\s*(?:j['’]\s*|je\s+)(?:aimerais|voudrais|souhaiterais|souhaite|veux)\s+que\s+tu\s+(?=\p{L})/iu;

/** "could I see …", "can we get a look at …": asking to be shown. */
// ("I'd love to see the schedules", "we'd love to have a look at…": the wish to be shown)
const SEE = /^\s*(?:(?:(?:could|can|may|might)\s+(?:i|we)|(?:i|we)['’]d\s+(?:really\s+)?love\s+to|(?:i|we)\s+would\s+(?:really\s+)?love\s+to)\s+(?:see|view|have\s+a\s+look\s+at|get\s+a\s+look\s+at)|(?:est-ce\s+que\s+)?(?:je\s+peux|puis-je|pourrais-je|on\s+peut|pourrait-on)\s+voir)\s+(?=\p{L})/iu;

/**
 * "if it's no trouble,", "if it isn't too much bother,", "if you don't mind,", « si ça ne te dérange pas, », « si ce n'est pas
 * trop demander, » opening the message (or closing it after a comma): a "please", whatever follows is the request ("if it's
 * no trouble, a backup of summoner itself").
 */
const POLITE_IF_FRAME = /^\s*(?:if\s+(?:it['’]?s|it\s+is|it\s+isn['’]?t|that['’]?s)\s+(?:no|not\s+(?:too\s+much\s+)?(?:of\s+)?(?:a\s+)?)\s*(?:trouble|bother|problem|hassle)|if\s+you\s+don['’]?t\s+mind|si\s+(?:[çc]a|cela)\s+ne\s+(?:te|vous)\s+(?:d[ée]range|emb[êe]te|ennuie|g[êe]ne)\s+pas|si\s+ce\s+n['’]\s*est\s+pas\s+trop\s+demander)\s*[,:;-]\s*(?=\S)/iu;

/**
 * A request asked in the negative, as people press or plead: "can't you just restart wekan?", "couldn't you roll back
 * wordpress?", "why don't you just restart it?", « tu pourrais pas me montrer les certifs ? », « tu peux pas juste
 * redémarrer wekan ? », « vous ne pourriez pas sauvegarder nextcloud ? ». Only as a question (or with "just", « juste »):
 * "you can't restart wekan, the demo is on" and « tu peux pas redémarrer wekan » forbid; never a reproach of the past
 * ("couldn't you have…", « t'aurais pas pu… »).
 */
const NEG_ASK_EN = /^\s*(?:(?:can['’]?t|cannot|couldn['’]?t|could\s+not|won['’]?t|wouldn['’]?t)\s+(?:you|u)\s+(?!have\b)(just\s+)?|why\s+don['’]?t\s+(?:you|u)\s+(just\s+))(?=\p{L})/iu;
const NEG_ASK_FR = /^\s*(?:tu\s+(?:ne\s+)?(?:pourrais|peux)|t['’]\s*(?:pourrais|peux)|vous\s+(?:ne\s+)?(?:pourriez|pouvez))\s+pas\s+(juste\s+|simplement\s+)?(?!pu\b)(?=\p{L})/iu;
/** "you wouldn't happen to have the status of nextcloud handy?", "don't you have a list…?", « t'aurais pas les logs de wekan ? »: asked to be shown. */
const NEG_HAVE = /^\s*(?:(?:you\s+)?wouldn['’]?t\s+(?:happen\s+to\s+)?have|don['’]?t\s+you\s+have|t['’]\s*(?:aurais|as)\s+pas|tu\s+(?:n['’]\s*)?(?:aurais|as)\s+pas|vous\s+(?:n['’]\s*)?(?:auriez|avez)\s+pas)\s+(?!pu\b|d[ûu]\b|eu\b|fait\b|\p{L}+[ée]\b)(?=\p{L})/iu;

/** The message with a softening frame said as "please" / « peux-tu ». */
export function softenedAsRequest(text: string): string {
  const asked = /\?\s*(?:\S+\s*)?$/u.test(text) || /\?\s/u.test(text);
  const negEn = NEG_ASK_EN.exec(text);
  if (negEn && (asked || negEn[1] || negEn[2])) return `please ${text.slice(negEn[0].length)}`;
  const negFr = NEG_ASK_FR.exec(text);
  if (negFr && (asked || negFr[1])) return `peux-tu ${text.slice(negFr[0].length)}`;
  const negHave = NEG_HAVE.exec(text);
  if (negHave && asked) return `${/^\s*(?:you|don|wouldn)/iu.test(negHave[0]) ? 'show me' : 'montre-moi'} ${text.slice(negHave[0].length)}`;
  const politeIf = POLITE_IF_FRAME.exec(text);
  if (politeIf) return `${/^\s*si/iu.test(politeIf[0]) ? 'stp' : 'please'} ${text.slice(politeIf[0].length)}`;
  const see = SEE.exec(text);
  if (see) return `${/^\s*(?:could|can|may|might|i|we)(?![\p{L}])/iu.test(see[0]) ? 'show me' : 'montre-moi'} ${text.slice(see[0].length)}`;
  const okToGet = OK_TO_GET.exec(text);
  if (okToGet) return `can we get ${text.slice(okToGet[0].length)}`;
  const en = EN_SOFT.exec(text);
  if (en) return `please ${text.slice(en[0].length)}`;
  const possible = FR_POSSIBLE.exec(text);
  if (possible) return `peux-tu ${text.slice(possible[0].length)}`;
  const have = FR_HAVE.exec(text);
  if (have) return `je voudrais ${text.slice(have[0].length)}`;
  const fr = FR_SOFT.exec(text);
  if (fr) return `peux-tu ${text.slice(fr[0].length)}`;
  // (« j'aimerais que tu restaures… »: the subjunctive said to "tu" is read as its imperative, addressing.ts)
  const want = FR_WANT_YOU.exec(text);
  if (want) return `que tu ${text.slice(want[0].length)}`;
  return text;
}
