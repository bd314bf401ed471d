// A command line typed bare (no quotes) inside a question about what it would do: "what would rollback mattermost
// do?", "if I type prune ghost, what happens?", "explain what update gitlab would do", "dry run of dismiss static pls,
// don't actually do it", « si je tape prune ghost il se passe quoi ? », « rollback mattermost, ça donnerait quoi ? »,
// « explique-moi ce que ferait update gitlab », « simule dismiss static, sans le faire vraiment ». Taken only when the
// framed words parse as an exact line ("what would restoring ghost do?" stays a question); explaining runs nothing,
// so a "don't do it" beside it changes nothing. Pure.

/** Each frame captures the words where the line would be. */
const FRAMES: readonly RegExp[] = [
  /\bwhat\s+(?:exactly\s+)?(?:would|will|does)\s+(.+?)\s+(?:(?:exactly|actually|really)\s+)?do\b/iu,
  /\bif\s+(?:i|we)\s+(?:type|typed|run|ran|enter|entered|send|sent)\s+(.+?)\s*,?\s*what\s+(?:happens|would\s+happen|will\s+happen)\b/iu,
  /\bwhat\s+(?:happens|would\s+happen|will\s+happen)\s+if\s+(?:i|we)\s+(?:type|typed|enter|entered)\s+(.+?)\s*[?!.]*$/iu,
  /\bexplain\s+(?:to\s+me\s+|me\s+)?what\s+(.+?)\s+(?:would|will|does)\s+do\b/iu,
  /^\s*(?:(?:a|un|une|do\s+a|fais\s+une?)\s+)?(?:dry[\s-]?run|simulate|simul(?:e|er|ez)|simulation)\s*(?:of|for|de|d['’]|du|:)?\s*([^,;]+?)\s*(?:please|pls|stp|svp)?\s*(?:[,;].*)?[?!.]*$/iu,
  /\bsi\s+(?:je|on)\s+(?:tape|tapais|lance|lancais|lançais|ecris|écris)\s+(.+?)\s*,?\s*(?:il\s+se\s+passe(?:rait)?|[cç]a\s+(?:fait|ferait|donne(?:rait)?))\s+quoi\b/iu,
  /\b(?:ce\s+)?qu(?:e\s+|['’]\s*)(?:ferait|fera|donnerait)\s+(?:exactement\s+|concr[eè]tement\s+)?(.+?)\s*[?!.]*$/iu,
  /^\s*(.+?)\s*,\s*[cç]a\s+(?:ferait|donne(?:rait)?)\s+quoi\b/iu,
];

/** A word every match of the frame of the same rank holds (lowercase): without it the frame is not scanned. */
const NEEDS: readonly (readonly string[])[] = [['what'], ['what'], ['what'], ['explain'], ['dry', 'simul'], ['si'], ['ferait', 'fera', 'donnerait'], ['quoi']];

/** The exact line framed by a "what would … do" question, typed without quotes; `isLine` parses a line exactly. */
export function bareLineToExplain(text: string, isLine: (line: string) => boolean): string | undefined {
  const low = text.toLowerCase();
  for (const [i, frame] of FRAMES.entries()) {
    if (!NEEDS[i]!.some((n) => low.includes(n))) continue;
    const line = frame.exec(text)?.[1]?.trim();
    if (line && isLine(line)) return line;
  }
  return undefined;
}
