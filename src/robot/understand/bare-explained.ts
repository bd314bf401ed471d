// A command line typed bare (no quotes) inside a question about what it would do: "what would rollback mattermost
// do?", "if I type prune ghost, what happens?", "explain what update gitlab would do", "dry run of dismiss static pls,
// don't actually do it", « si je tape prune ghost il se passe quoi ? », « rollback mattermost, ça donnerait quoi ? »,
// « explique-moi ce que ferait update gitlab », « simule dismiss static, sans le faire vraiment ». Taken only when the
// framed words parse as an exact line ("what would restoring ghost do?" stays a question); explaining runs nothing,
// so a "don't do it" beside it changes nothing. Pure.
import { holdsAny } from './words.js';

/** Each frame captures the words where the line would be; it is scanned only when the text holds a word it needs. */
const FRAMES: readonly { needs: readonly string[]; frame: RegExp }[] = [
  { needs: ['what'], frame: /\bwhat\s+(?:exactly\s+)?(?:would|will|does)\s+(.+?)\s+(?:(?:exactly|actually|really)\s+)?do\b/iu },
  { needs: ['what'], frame: /\bif\s+(?:i|we)\s+(?:type|typed|run|ran|enter|entered|send|sent)\s+(.+?)\s*,?\s*what\s+(?:happens|would\s+happen|will\s+happen)\b/iu },
  { needs: ['what'], frame: /\bwhat\s+(?:happens|would\s+happen|will\s+happen)\s+if\s+(?:i|we)\s+(?:type|typed|enter|entered)\s+(.+?)\s*[?!.]*$/iu },
  { needs: ['explain'], frame: /\bexplain\s+(?:to\s+me\s+|me\s+)?what\s+(.+?)\s+(?:would|will|does)\s+do\b/iu },
  { needs: ['dry', 'simul'], frame: /^\s*(?:(?:a|un|une|do\s+a|fais\s+une?)\s+)?(?:dry[\s-]?run|simulate|simul(?:e|er|ez)|simulation)\s*(?:of|for|de|d['’]|du|:)?\s*([^,;]+?)\s*(?:please|pls|stp|svp)?\s*(?:[,;].*)?[?!.]*$/iu },
  { needs: ['si'], frame: /\bsi\s+(?:je|on)\s+(?:tape|tapais|lance|lancais|lançais|ecris|écris)\s+(.+?)\s*,?\s*(?:il\s+se\s+passe(?:rait)?|[cç]a\s+(?:fait|ferait|donne(?:rait)?))\s+quoi\b/iu },
  { needs: ['ferait', 'fera', 'donnerait', 'lancerait'], frame: /\b(?:ce\s+)?qu(?:e\s+|['’]\s*)(?:ferait|fera|donnerait|lancerait|ex[eé]cuterait)\s+(?:exactement\s+|concr[eè]tement\s+)?(.+?)\s*(?:[?!.].*)?$/iu },
  { needs: ['quoi'], frame: /^\s*(.+?)\s*,\s*[cç]a\s+(?:ferait|donne(?:rait)?|lancerait)\s+quoi\b/iu },
  { needs: ['quoi'], frame: /^\s*[cç]a\s+(?:ferait|donnerait|lancerait)\s+quoi\s*,\s*(.+?)\s*[?!.]*$/iu },
  // ("would summon mattermost need a confirmation?", « est-ce que prune wekan demande une confirmation ? »: whether
  // it asks first, which the explanation says)
  { needs: ['confirm'], frame: /^\s*(?:would|does|will|do)\s+(.+?)\s+(?:need|needs|ask\s+for|require|requires)\s+(?:a\s+|any\s+)?confirm(?:ation)?\b/iu },
  { needs: ['confirmation'], frame: /^\s*(?:est-ce\s+qu(?:e\s+|['’]\s*))?(.+?)\s+(?:demande|demandera|demanderait|exige|n[eé]cessite)(?:-t-il)?\s+une\s+confirmation\b/iu },
];

/** The exact line framed by a "what would … do" question, typed without quotes; `isLine` parses a line exactly. */
export function bareLineToExplain(text: string, isLine: (line: string) => boolean): string | undefined {
  for (const { needs, frame } of FRAMES) {
    if (!holdsAny(text, needs)) continue;
    const line = frame.exec(text)?.[1]?.trim();
    if (line && isLine(line)) return line;
  }
  return undefined;
}
