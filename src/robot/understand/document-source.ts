// A message that opens on a document and what it says: 'runbook section 4.2 "Scaling wekan": scale wekan 3 during
// term start', « page confluence « wekan : montée en charge » → scale wekan 4 pendant les inscriptions », 'from the wiki
// page "Nextcloud DR": 3. restore nextcloud from the latest backup'. Pasted from a runbook, a wiki, a checklist or a
// changelog, the command in it is what the document says to do, not a request to the bot, unless the message asks for
// it ("runbook says restart wekan, go ahead", « la procédure dit de restaurer la veille : vas-y »). A step typed alone
// ("Step 2 - back up nextcloud") names no document: it is the step asked for, as the set reads it. Pure.
import { normalise, type SentenceWord } from './words.js';

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

// The same documents, and the CI's words, as what a command's word names inside a sentence. Wider than the opener's
// list ("page", « fiche », "script", "job"): beside the command's word they name it; opening a message, "the page is
// down: restart ghost" says no document.
/** Things a command's word names rather than asks for: a CI stage or job, a document. */
const NAMED_BEFORE = new Set(['stage', 'job', 'pipeline', 'workflow', 'etape']);
const DOCUMENT_NOUNS = new Set(['doc', 'docs', 'documentation', 'procedure', 'proc', 'guide', 'runbook', 'playbook', 'checklist', 'check-list', 'wiki', 'page', 'fiche', 'script', 'job', 'pipeline', 'stage']);
const OF_WORDS = new Set(['de', 'du', 'd', 'des', 'of', 'for', 'pour']);
const NAMED_AFTER = new Set(['runbook', 'playbook', 'checklist', 'job', 'pipeline', 'stage', 'script', 'procedure']);
/**
 * The command's word names a thing: after a CI word ("on stage deploy", "job backup"), after a document and "of"
 * (« la doc de mise à jour », "the checklist for restore"), or before a document in English ("the restore runbook",
 * "the backup job").
 */
export function namesThing(words: readonly SentenceWord[], verbAt: number): boolean {
  const before = words[verbAt - 1]?.text ?? '';
  if (NAMED_BEFORE.has(before)) return true;
  if (OF_WORDS.has(before) && DOCUMENT_NOUNS.has(words[verbAt - 2]?.text ?? '')) return true;
  // (« la doc de mise à jour »: the command said in several words, "mise à jour", its first one after "de")
  if (before === 'la' && OF_WORDS.has(words[verbAt - 2]?.text ?? '') && DOCUMENT_NOUNS.has(words[verbAt - 3]?.text ?? '')) return true;
  const after = words[verbAt + 1]?.text ?? '';
  // ("the minion wiki": an app may be called wiki or docs; the CI's and runbooks' words only)
  return ['the', 'our', 'this', 'that'].includes(before) && NAMED_AFTER.has(after);
}
