// Chat's discourse particles, which say how the speaker feels and nothing of the request: "ngl", "tbh", "lowkey",
// "no cap", "fr fr", "bestie", "slay" (Gen-Z chat); "righto", "mate", "innit" (British and Australian); « wesh »,
// « té », « vé », « zou », « fan de chichoune » (Marseille), « frérot », « une fois » closing a clause (Belgian); hesitations ("um", "hmm", « euh », "like"
// between commas or after "so", « un peu » after an imperative: « dis-moi un peu », « tranquille » after a comma). Taken off before the message is read, so the
// clause that follows opens on its own first word (an imperative still opens it; "ngl ghost is down" still tells).
// Pure.

/** Each particle alone, between word boundaries, with the comma or the exclamation that may follow it. */
const PARTICLES = String.raw`ngl|tbh|tbf|lowkey|highkey|no\s+cap|fr\s+fr|deadass|bestie|besties|slay|fam|bruh|righto|innit|mate|chai|wesh|té|vé|zou|fan\s+de\s+chichoune|fr[ée]rot|poto|um+|uh+|erm|hm+|euh+`;
const FILLER = new RegExp(String.raw`(^|[\s,;(])(?:${PARTICLES})(?=$|[\s,;.!?)])[,!]?`, 'giu');

/**
 * (Also the apology for a question that opens it: "sorry dumb question,", "quick question:", « question bête : ».)
 * Impatience that opens a message and asks nothing of its own: "come on,", "how many times do I have to ask,", "for the
 * last time:", « ça fait trois fois que je demande : », « combien de fois faut-il le dire, ». (The request after it stays
 * as said; "come on" without its comma or "!" may be a phrase, "come on board".)
 */
const IMPATIENT = /^\s*(?:(?:sorry[,\s]+|d[ée]sol[ée]e?[,\s]+|pardon[,\s]+)?(?:(?:a|une|ma)\s+)?(?:(?:dumb|stupid|silly|quick|noob|newbie|beginner's)\s+question|question\s+(?:b[êe]te|de\s+d[ée]butante?|idiote)|(?:petite|b[êe]te)\s+question)\s*[,:!.-]+|come\s+on\s*[,!]+|c['’]mon\s*[,!]*|how\s+many\s+times\s+(?:do|must|should|will)\s+i\s+(?:have\s+to\s+)?(?:ask|say\s+(?:it|this)|tell\s+you)|for\s+the\s+(?:last|\p{L}+th|third|second)\s+time|(?:[çc]a\s+fait|c['’]est\s+la)\s+\p{L}+\s+fois\s+que\s+je\s+(?:(?:te|vous|le)\s+)?(?:demande|dis)|combien\s+de\s+fois\s+(?:faut-il|dois-je|je\s+dois)\s+(?:que\s+je\s+)?(?:le\s+|te\s+|vous\s+)?(?:demander|dire|demande))\s*[,:!?.;-]*\s*(?=\S)/iu;

/** The message without its discourse particles; the message as it was when nothing would be left. */
export function withoutFillers(text: string): string {
  const out = text
    .replace(IMPATIENT, '')
    // (« je me permets de vous demander l'état de GitLab » asks for the state; not « je me permets de redémarrer… », the
    // speaker's own act)
    .replace(/(^|[\s,;:])je\s+me\s+permets\s+de\s+(?:vous|te)\s+demander\s+(?:de\s+(?=\p{L}+(?:er|re|ir)\b)|d['’]\s*)?/giu, '$1')
    .replace(FILLER, '$1')
    .replace(/,\s*like\s*,/giu, ',')
    .replace(/\b(so|alors)\s+(?:like|genre)\b/giu, '$1')
    .replace(/(-moi|-nous)\s+un\s+peu\b/giu, '$1')
    .replace(/,\s*tranquille\s*$/iu, '')
    // (Belgian « une fois » closing a clause, « vérifie celle du vingt-huit, une fois ? », asks nothing more: never
    // before « que » (« une fois que … » is "once …") nor « par » (« une fois par jour »))
    .replace(/(\p{L})\s*,?\s+une\s+fois(?=\s*(?:$|[,.!?;…]))/giu, '$1').replace(/\s{2,}/gu, ' ').replace(/^[\s,;!]+/u, '');
  return /[\p{L}\p{N}]/u.test(out) ? out : text;
}
