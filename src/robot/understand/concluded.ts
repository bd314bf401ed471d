// A report, then the speaker's own request: "the runbook says back up before any update, so back up gitlab please",
// « le runbook dit de sauvegarder avant toute mise à jour, donc sauvegarde gitlab stp », "the report says the gitlab
// cert expires in 5 days, show me the certs". What the document or someone says holds a command's words too, and a
// reading taken there is reported, asked; the clause after ", so" / « , donc », or a last one that opens on a verb
// that shows, is the speaker's, read alone (the caller keeps it only when it reads a command). Pure.
import { REPORTING } from './not-a-request.js';
import { sentenceWords } from './words.js';

/** A comma, then a word that concludes or a verb that shows, opening the speaker's clause. */
const CONCLUDES = /,\s*(?:(?:so|donc|alors|therefore|du\s+coup)\s+(?=\S)|(?=(?:show|montre|montrez|montre-moi|montrez-moi|give|donne|donne-moi|list|liste)\b))/iu;

/** Words that point back at what was said before. */
const BACK = new Set(['it', 'them', 'those', 'these', 'that', 'le', 'la', 'les', 'l', 'ca', 'cela', 'celui', 'ceux', 'celle', 'celles', 'y', 'en']);

/** The speaker's request after what someone or something says, or undefined. */
export function concludedRequest(text: string): string | undefined {
  const m = CONCLUDES.exec(text);
  if (!m) return undefined;
  const before = sentenceWords(text.slice(0, m.index));
  const after = text.slice(m.index + m[0].length);
  // (a conclusion that points back, "…, list them", « …, donc relance-le », is read with what it points to)
  if (sentenceWords(after).some((w) => BACK.has(w.text))) return undefined;
  return before.some((w) => REPORTING.has(w.text)) ? after : undefined;
}
