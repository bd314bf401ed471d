// "wordpress is weird. Did someone already restore it this morning? Can you show me the history?": a yes-or-no question
// about what someone did ("did someone …?", "has anyone …?", « quelqu'un a déjà restauré … ? ») asks whether it was
// done, never to do it; beside other sentences it is left out, and they are read for the request. Pure.

/** A sentence that asks whether someone did something: an auxiliary of the past, a subject, then its verb, and a "?". */
const PAST_QUESTION =
  /(?:^|(?<=[.!?]\s*))\s*(?:(?:did|has|have|had)\s+(?:someone|somebody|anyone|anybody|you|u|we|they|he|she|the\s+bot)\b|(?:est-ce\s+qu['’]\s*)?(?:quelqu['’]\s*un|qqn|tu|t['’]|vous|on|il|elle)\s+(?:a|as|avez|ont)\s+(?:d[ée]j[àa]\s+)?(?:\p{L}+[ée]s?)\b)[^.!?]*\?/giu;

/** Words that ask for something in what remains ("can you show me…", « montre-moi… », "pls"). */
export const ASKS = /\b(?:can|could|would)\s+(?:you|u)\b|\b(?:please|pls|plz|show|give|tell\s+me|list|montre|donne|affiche|liste|stp|svp)\b|\btu\s+peux\b|\bvous\s+pouvez\b|\bpouvez-vous\b|\bpeux-tu\b/iu;

/** The message without its questions about what was done, when other sentences remain and ask; else undefined. */
export function withoutPastQuestions(text: string): string | undefined {
  if (!/\?/u.test(text)) return undefined;
  const rest = text.replace(PAST_QUESTION, ' ').replace(/\s+/gu, ' ').trim();
  return rest !== text.trim() && ASKS.test(rest) ? rest : undefined;
}
