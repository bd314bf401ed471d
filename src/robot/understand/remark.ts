// A message that says of itself it is a remark, not a request: "just saying", « je dis ça comme ça », "no action
// needed", "…, standing down", or sent to the wrong place ("sorry, wrong chat", « pardon, mauvais canal »), unless
// someone or something else went there ("a parent was added to the wrong channel"). Pure.

/** A message that says of itself it is a remark, not a request ("just saying", "je dis ça comme ça"). */
// ("backup ghost. sorry, wrong chat", "pardon, mauvais canal": typed where it was not meant)
const REMARK = /\b(?:just saying|just sayin|je dis (?:ca|ça) comme (?:ca|ça)|je dis (?:ca|ça),? je dis rien|c'?est juste une remarque|just a remark|no action needed|nothing to do here|aucune action (?:requise|necessaire|nécessaire))\b/iu;
/** The message sent to the wrong place ("sorry, wrong chat", « pardon, mauvais canal », "posted in the wrong channel"). */
const WRONG_PLACE = /\b(?:wrong (?:channel|chan|chat|room|thread|window|tab|person)|mauvais (?:canal|chan|salon|fil|chat|onglet)|pas le bon (?:canal|salon|fil))\b/giu;
/** …unless someone or something else went there: "a parent was added to the wrong channel", « ajouté au mauvais canal ». */
const INTO_PLACE = /\b(?:to|into|in|on|au|dans\s+le|sur\s+le)\s+(?:the\s+)?$/iu;
/** (what the speaker did with this message: "posted in the wrong channel", « écrit dans le mauvais fil ») */
const POSTED = /(?<!\p{L})(?:post(?:ed)?|typed|sent|wrote|asked|said|post[ée]|[ée]crit|envoy[ée]|tap[ée]|demand[ée]|dit)\s+(?:\S+\s+){0,2}$/iu;
/** "…, standing down", "stand down." at the message's end: the on-call going off duty (no "down" of an app's state). */
const STANDING_DOWN = /(?:^|[,;.!]\s*|\b(?:i'?m|we'?re|am|are)\s+)stand(?:ing)?\s+down\s*[.!]*\s*$/iu;
export function remark(text: string): boolean {
  if (REMARK.test(text) || STANDING_DOWN.test(text)) return true;
  for (const m of text.matchAll(WRONG_PLACE)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (!INTO_PLACE.test(before) || POSTED.test(before)) return true;
  }
  return false;
}
