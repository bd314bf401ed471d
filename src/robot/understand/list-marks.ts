// A list's marks on a message (a checklist's boxes, a tick, "DONE:", a ticket's status field): they say the line is
// for later or done, not asked. The ticks are named once here: the vocative's emoji trimming keeps them for this
// reading (vocative.ts), and a clause that carries one talks rather than asks (story-clause.ts). Pure.
import { normalise } from './words.js';

/** Tick emoji, and Mattermost's shortcodes for them. */
export const TICKS = '✅✔☑';
export const TICK_SHORTCODES = 'white_check_mark|heavy_check_mark|ballot_box_with_check|check';
/** A tick anywhere (with the plain check mark ✓, which no emoji trimming removes). */
const TICKED = new RegExp(`[${TICKS}✓]|:(?:${TICK_SHORTCODES}):`, 'u');

/**
 * A list's marks on the message: a box still to tick anywhere ("Pre-migration checklist: [ ] backup gitlab [ ] verify
 * gitlab", "☐ restart wekan") or "TODO:" opening it is a note for later; an item ticked ("- [x] backup nextcloud", "✅",
 * "✔", ":white_check_mark:") or opened by "DONE:", « FAIT : » tells what was done. Read before the strict grammar too,
 * which drops the marks and would run the line ("DONE: restore wekan from 2026-11-30 ✔").
 */
export function listMarked(text: string): 'later' | 'past' | undefined {
  if (/\[\s?\]|☐/u.test(text) || /^\s*(?:[-*•]\s*)?(?:todo\b|to-do\b|to do\s*:|a faire\s*:|à faire\s*:)/iu.test(text)) return 'later';
  if (/^\s*(?:[-*•]\s*)?\[[xX✓✔]\]/u.test(text) || TICKED.test(text)) return 'past';
  if (/^\s*(?:[-*•]\s*)?(?:done|finished|completed|fait|faite|termin[ée]e?)\s*(?::|\s[-–—]\s)/iu.test(text)) return 'past';
  // (a handover's or a recap's summary: "handover: ghost backed up at 02:10, …", « passation : ghost sauvegardé à 2h10, … »)
  if (/^\s*(?:handover|hand-over|recap|summary|passation|r[ée]cap|r[ée]sum[ée]|bilan|compte[- ]rendu)\s*:/iu.test(text)) return 'past';
  // (a ticket's status field: "(status: waiting for approval)", « (statut : planifié) », accents typed or not)
  const status = /\b(?:status|statut|state|etat|état)\s*:\s*([\p{L}' ]+)/iu.exec(text)?.[1];
  if (status) {
    const v = normalise(status).trim();
    if (/^(?:planned|scheduled|waiting|pending|open|todo|to do|in progress|planifiee?|prevue?|programmee?|en attente|ouvert|a faire|en cours)\b/.test(v)) return 'later';
    if (/^(?:done|closed|resolved|fixed|won't do|wont do|fait|faite|fermee?|resolue?|terminee?|clos)\b/.test(v)) return 'past';
  }
  return undefined;
}
