// Chat's discourse particles, which say how the speaker feels and nothing of the request: "ngl", "tbh", "lowkey",
// "no cap", "fr fr", "bestie", "slay" (Gen-Z chat); "righto", "mate", "innit" (British and Australian); « wesh »,
// « té », « vé », « zou », « fan de chichoune » (Marseille), « frérot »; hesitations ("um", "hmm", « euh », "like"
// between commas or after "so", « un peu » after an imperative: « dis-moi un peu », « tranquille » after a comma). Taken off before the message is read, so the
// clause that follows opens on its own first word (an imperative still opens it; "ngl ghost is down" still tells).
// Pure.

/** Each particle alone, between word boundaries, with the comma or the exclamation that may follow it. */
const PARTICLES = String.raw`ngl|tbh|tbf|lowkey|highkey|no\s+cap|fr\s+fr|deadass|bestie|besties|slay|fam|bruh|righto|innit|mate|chai|wesh|té|vé|zou|fan\s+de\s+chichoune|fr[ée]rot|poto|um+|uh+|erm|hm+|euh+`;
const FILLER = new RegExp(String.raw`(^|[\s,;(])(?:${PARTICLES})(?=$|[\s,;.!?)])[,!]?`, 'giu');

/** The message without its discourse particles; the message as it was when nothing would be left. */
export function withoutFillers(text: string): string {
  const out = text
    .replace(FILLER, '$1')
    .replace(/,\s*like\s*,/giu, ',')
    .replace(/\b(so|alors)\s+(?:like|genre)\b/giu, '$1')
    .replace(/(-moi|-nous)\s+un\s+peu\b/giu, '$1')
    .replace(/,\s*tranquille\s*$/iu, '').replace(/\s{2,}/gu, ' ').replace(/^[\s,;!]+/u, '');
  return /[\p{L}\p{N}]/u.test(out) ? out : text;
}
