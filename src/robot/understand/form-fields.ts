// A ticket or a form written on one line: "Request: restore / App: gitlab / Date: TBD", « Objet : restauration /
// Application : GitLab / Date : à définir », "action=restore app=gitlab when=tbd". Its fields say what the sentence's
// words cannot: a moment left open ("Date: TBD", « à définir ») or set ahead ("Scheduled: Saturday 22:00", « Planifiée
// le : samedi ») is no request to run now; a ticket marked closed ("Ticket #4410 closed: rollback of ghost…",
// "Status: done") tells what was done. Read only when the text has a field's colon or equals sign. Pure.
import { normalise } from './words.js';

/** "Key: value" fields, between the separators of a one-line form (/, |, ;, a spaced dash), and "key=value" ones. */
const FIELD = /(?:^|[/|;–—]|\s-\s)\s*([\p{L}][\p{L}\p{N}\s'#°.-]{0,40}?)\s*:\s*([^/|;–—]*?)(?=\s*(?:[/|;–—]|\s-\s|$))/gu;
const KEY_VALUE = /(?:^|\s)([\p{L}][\p{L}_-]*)=(\S+)/gu;
/** Keys of the moment the request is for, or of the backup's day (normalised; the key's last words). */
const MOMENT_KEY = /\b(?:date|when|time|day|point\s+in\s+time|deadline|due|window|slot|quand|jour|heure|echeance|creneau|moment)$/;
/** Keys that set the moment ahead: a planned run, whatever the day (« planifiée le », « prévue pour »). */
const PLANNED_KEY = /\b(?:scheduled|schedule|planned|plan|planifiee?s?|prevue?s?|programmee?s?)(?:\s+(?:le|pour|for|on|at))?$/;
/** A value that leaves the moment open: "TBD", "to be confirmed", "pending", « à définir », « à confirmer », "?". */
const UNDECIDED = /^(?:tbd|tbc|tba|t\.b\.d\.?|to\s+be\s+(?:defined|determined|decided|confirmed|agreed|announced|scheduled)|not\s+(?:yet\s+)?(?:set|decided|known|scheduled)|unknown|undecided|pending|later|open|\?+|a\s+(?:definir|determiner|confirmer|preciser|fixer|convenir|planifier)|non\s+(?:definie?|fixee?|connue?)|inconnue?|en\s+attente|plus\s+tard|ulterieurement)\.?$/;
/** A value that says now, which a planned field may hold ("Scheduled: ASAP"). */
const NOW_VALUE = /^(?:now|asap|immediately|today|right\s+away|maintenant|immediatement|tout\s+de\s+suite|des\s+que\s+possible|aujourd'hui)\.?$/;
/** A ticket's heading that says it is closed ("Ticket #4410 closed", « Demande 12 close »). */
const CLOSED_HEADING = /^(?:ticket|incident|request|case|change(?:\s+request)?|cr|demande|intervention|dossier)\b.*\b(?:closed|resolved|done|completed|clos|close|cloture|cloturee|ferme|fermee|resolue?|terminee?)$/;
/** A status field's value that says it is done ("Status: closed", « Statut : terminé »). */
const STATUS_KEY = /\b(?:status|state|statut|etat)$/;
const DONE_VALUE = /^(?:closed|resolved|done|completed|complete|finished|clos|close|cloture|cloturee|ferme|fermee|resolue?|terminee?|faite?|effectuee?)\.?$/;

/** What a one-line form's fields say of the request: for later (a moment open or ahead), or done (closed). */
export function formSays(text: string): 'later' | 'past' | undefined {
  if (!text.includes(':') && !text.includes('=')) return undefined;
  const t = normalise(text).replace(/[’]/g, "'");
  const fields: [string, string][] = [];
  for (const m of t.matchAll(FIELD)) fields.push([m[1]!.trim(), m[2]!.trim()]);
  for (const m of t.matchAll(KEY_VALUE)) fields.push([m[1]!.replace(/[_-]/g, ' '), m[2]!]);
  // (two fields at least, or a ticket's heading: "Note: TBD" alone is no form)
  if (fields.length < 2 && !CLOSED_HEADING.test(fields[0]?.[0] ?? '')) return undefined;
  for (const [key, value] of fields) {
    if (CLOSED_HEADING.test(key) || (STATUS_KEY.test(key) && DONE_VALUE.test(value))) return 'past';
    if (MOMENT_KEY.test(key) && UNDECIDED.test(value)) return 'later';
    if (PLANNED_KEY.test(key) && value && !NOW_VALUE.test(value)) return 'later';
  }
  return undefined;
}
