// A message that opens on a document and what it says: 'runbook section 4.2 "Scaling wekan": scale wekan 3 during
// term start', « page confluence « wekan : montée en charge » → scale wekan 4 pendant les inscriptions », 'from the wiki
// page "Nextcloud DR": 3. restore nextcloud from the latest backup'. Pasted from a runbook, a wiki, a checklist or a
// changelog, the command in it is what the document says to do, not a request to the bot, unless the message asks for
// it ("runbook says restart wekan, go ahead", « la procédure dit de restaurer la veille : vas-y »). A step typed alone
// ("Step 2 - back up nextcloud") names no document: it is the step asked for, as the set reads it. Pure.
import { normalise } from './words.js';

/** Documents a command is pasted from, named in the message's first words. */
const DOCUMENT = String.raw`(?:run-?books?|playbooks?|wiki|docs?|documentation|procedures?|procs?|sop|check-?lists?|confluence|notion|readme|guide|manuel|manual|changelog|release\s+notes?|notes?\s+de\s+version|mode\s+operatoire|fiche\s+reflexe|pra|dr\s+plan)`;
/** The document named within the opening words, then a mark that introduces what it says (":", "→", "->", "=>", "—"). */
const OPENS_ON_DOCUMENT = new RegExp(String.raw`^\s*(?:\W*\s*)?(?:(?:from|in|per|dans|selon|d['’]?\s*apres|extrait\s+d[eu]|from\s+the|the|la|le|l|notre|our|page|pages)\s+){0,3}${DOCUMENT}\b[^:→>—]{0,60}?(?::|→|->|=>|—)`, 'u');
/** Words that ask the bot to do it now, whatever the document says. */
const ASKS = /\b(?:please|pls|plz|stp|svp|go|vas-y|vas\s+y|allez|ahead|run\s+it|do\s+it|do\s+that|fais-le|fais\s+le|fais-la|lance|can\s+(?:you|u)|could\s+you|tu\s+peux|peux-tu|pouvez-vous|summoner|now|maintenant|asap)\b/u;

/** Whether the message only quotes what a document says (the command in it is not asked for). */
export function fromDocument(text: string): boolean {
  const t = normalise(text);
  const open = OPENS_ON_DOCUMENT.exec(t);
  if (!open) return false;
  return !ASKS.test(t.slice(open.index + open[0].length));
}
