// A ticket or a form written on one line: "Request: restore / App: gitlab / Date: TBD", « Objet : restauration /
// Application : GitLab / Date : à définir », "action=restore app=gitlab when=tbd". Its fields say what the sentence's
// words cannot: a moment left open ("Date: TBD", « à définir ») or set ahead ("Scheduled: Saturday 22:00", « Planifiée
// le : samedi ») is no request to run now; a ticket marked closed ("Ticket #4410 closed: rollback of ghost…",
// "Status: done") tells what was done. Read only when the text has a field's colon or equals sign. Pure.
import { normalise } from './words.js';

/** "Key: value" fields, between the separators of a one-line form (/, |, ;, a spaced dash), and "key=value" ones. */
const FIELD = /(?:^|[/|;,–—]|\s-\s)\s*([\p{L}][\p{L}\p{N}\s'#°.-]{0,40}?)\s*:\s*([^/|;–—]*?)(?=\s*(?:[/|;–—]|\s-\s|$))/gu;
const KEY_VALUE = /(?:^|\s)([\p{L}][\p{L}_-]*)=(\S+)/gu;
/** Keys of the moment the request is for, or of the backup's day (normalised; the key's last words). */
const MOMENT_KEY = /\b(?:date|when|time|day|point\s+in\s+time|deadline|due|window|slot|quand|jour|heure|echeance|creneau|moment)$/;
/** Keys that set the moment ahead: a planned run, whatever the day (« planifiée le », « prévue pour »). */
const PLANNED_KEY = /\b(?:scheduled|schedule|planned|plan|planifiee?s?|prevue?s?|programmee?s?)(?:\s+(?:le|pour|for|on|at))?$/;
/** A value that leaves the moment open: "TBD", "to be confirmed", "pending", « à définir », « à confirmer », "?". */
const UNDECIDED = /^(?:tbd|tbc|tba|t\.b\.d\.?|to\s+be\s+(?:defined|determined|decided|confirmed|agreed|announced|scheduled)|not\s+(?:yet\s+)?(?:set|decided|known|scheduled)|unknown|undecided|pending|na|none|later|open|\?+|a\s+(?:definir|determiner|confirmer|preciser|fixer|convenir|planifier)|non\s+(?:definie?|fixee?|connue?)|inconnue?|en\s+attente|plus\s+tard|ulterieurement)\.?$/;
/** A value that says now, which a planned field may hold ("Scheduled: ASAP"). */
const NOW_VALUE = /^(?:now|asap|immediately|today|right\s+away|maintenant|immediatement|tout\s+de\s+suite|des\s+que\s+possible|aujourd'hui)\.?$/;
/** A ticket's heading that says it is closed ("Ticket #4410 closed", « Demande 12 close »). */
const CLOSED_HEADING = /^(?:ticket|incident|request|case|change(?:\s+request)?|cr|demande|intervention|dossier)\b.*\b(?:closed|resolved|done|completed|clos|close|cloture|cloturee|ferme|fermee|resolue?|terminee?)$/;
/** Where a form's heading ends: its first separator or colon. */
const HEAD_END = /[/|;:–—]|\s-\s/;
/** A status field's value that says it is done ("Status: closed", « Statut : terminé »). */
const STATUS_KEY = /\b(?:status|state|statut|etat)$/;
const DONE_VALUE = /^(?:closed|resolved|done|completed|complete|finished|clos|close|cloture|cloturee|ferme|fermee|resolue?|terminee?|faite?|effectuee?)\.?$/;
/** A status or an approval that holds the request back ("Status: draft", "Approval: pending", « Validation : en attente »). */
const HELD_VALUE = /^(?:draft|pending|on\s+hold|awaiting(?:\s+\w+)?|waiting(?:\s+\w+)?|required|needed|not\s+(?:yet\s+)?(?:approved|given|signed)|no|brouillon|en\s+attente(?:\s+\S+){0,2}|suspendue?|requise?|necessaire|non(?:\s+\S+)?)\.?$/;
const APPROVAL_KEY = /\b(?:approval|approved|sign-?off|validation|approbation|accord|validee?\s+par|approved\s+by)$/;

/** What a one-line form's fields say of the request: for later (a moment open or ahead), or done (closed). */
export function formSays(text: string): 'later' | 'past' | undefined {
  if (!text.includes(':') && !text.includes('=')) return undefined;
  // ("n/a" is one value, not two fields)
  const t = normalise(text).replace(/[’]/g, "'").replace(/\bn\/a\b/g, 'na');
  // (a ticket's heading that says it is closed, before any field: "Incident 42 closed / Action: restart / …")
  if (CLOSED_HEADING.test(t.split(HEAD_END, 1)[0]!.trim())) return 'past';
  const fields: [string, string][] = [];
  for (const m of t.matchAll(FIELD)) fields.push([m[1]!.trim(), m[2]!.trim()]);
  for (const m of t.matchAll(KEY_VALUE)) fields.push([m[1]!.replace(/[_-]/g, ' '), m[2]!]);
  for (const [key, value] of fields) {
    if (CLOSED_HEADING.test(key) || (STATUS_KEY.test(key) && DONE_VALUE.test(value))) return 'past';
    if ((STATUS_KEY.test(key) || APPROVAL_KEY.test(key)) && HELD_VALUE.test(value)) return 'later';
    if (MOMENT_KEY.test(key) && UNDECIDED.test(value)) return 'later';
    if (PLANNED_KEY.test(key) && value && !NOW_VALUE.test(value)) return 'later';
  }
  return undefined;
}

/** The form's own fields, by what they hold (normalised keys); a form with any other field is read as it is written. */
const ACTION_FIELD = /^(?:request(?:\s+type)?|type(?:\s+de\s+demande)?|action|subject|objet|form|demande|operation|task|tache)$/;
const APP_FIELD = /^(?:app|application|appli|service|target|cible)$/;
const DATE_FIELD = /^(?:(?:backup\s+)?date|point\s+in\s+time|when|quand|date\s+de\s+(?:la\s+)?sauvegarde)$/;
const VERSION_FIELD = /^(?:(?:target\s+)?version(?:\s+cible)?)$/;
/** Fields said with their key ("Replicas: 3", « Données : conservées »): the key tells what the value is. */
const SAID_FIELD = /^(?:replicas|instances|nombre\s+d'instances|lines|lignes|data|donnees)$/;
/** Fields that change nothing of the request: its priority, its reason, who asked. */
const ASIDE_FIELD = /^(?:priority|priorite|severity|severite|reason|motif|raison|requester|requested\s+by|demandeur|owner|id|ref|reference)$/;
/** A heading before the fields: "Ticket #4410", "Incident 77", « Demande n° 4521 », « Intervention 88 », « Fiche de demande ». */
const HEADING = /^(?:(?:ticket|incident|request|case|change(?:\s+request)?|cr|demande|intervention|dossier)\s*(?:#|n°|no\.?|n\s*o)?\s*[\w-]*\d[\w-]*|fiche\s+de\s+demande|form|formulaire)$/;
/** Keys only French writes (« Application » is both). */
const FRENCH_KEYS = /^(?:objet|cible|appli|donnees|motif|priorite|type\s+de\s+demande|nombre\s+d'instances|demandeur|quand|lignes)$/;
/** The words that call the action a request ("Deployment request", « demande de déploiement »). */
const REQUEST_WORD = /\b(?:request|demande\s+de|demande\s+d')\s*|\s*\brequest\b/g;
const SEGMENTS = /\s*(?:[/|;–—]|\s-\s)\s*/u;
/**
 * What an aside field (a reason, a priority) may not say to be dropped: a "not", a moment, a wait ("Reason: do not run
 * before Friday", "Priority: not urgent", « Motif : ne pas lancer avant lundi »). "after the update" is the cause.
 */
const HOLDS = /\b(?:not|no|never|don'?t|do\s+not|ne|pas|jamais|n'|tonight|tomorrow|later|before|until|once|wait|when|pending|approval|demain|soir|avant|jusqu|quand|attendre|attente|validation|tard)\b|\b(?:after|apres)\b(?!\s+(?:the\s+|la\s+|le\s+)?(?:update|upgrade|deploy|deployment|mise\s+a\s+jour|maj|deploiement)\b)/;

/**
 * A one-line form whose fields are all the request's ("Request: restore / App: ghost / Date: yesterday", « Objet :
 * vérification de sauvegarde / Application : Mattermost / Date : vendredi dernier », "Intervention 88 / Action :
 * retour arrière / Cible : Ghost") said as a request: its action's noun is what is asked for, not a thing talked about,
 * and a reason field ("Reason: regression after the update") is no moment nor a story to read. Any other field, or a
 * moment open or ahead (`formSays`), leaves the text as it is.
 */
export function formAsRequest(text: string): string {
  if (!text.includes(':') || formSays(text)) return text;
  const segments = text.replace(/\b([nN])\/([aA])\b/g, '$1$2').split(SEGMENTS).filter((s) => s.trim());
  if (segments.length < 2) return text;
  let action: string | undefined;
  let app: string | undefined;
  let french = false;
  const rest: string[] = [];
  for (const [k, s] of segments.entries()) {
    const colon = s.indexOf(':');
    const key = colon < 0 ? '' : normalise(s.slice(0, colon)).replace(/[’]/g, "'").trim();
    const value = colon < 0 ? s.trim() : s.slice(colon + 1).trim();
    if (colon < 0 && k === 0 && HEADING.test(normalise(value))) {
      french ||= /^(?:demande|intervention|dossier|fiche)/.test(normalise(value));
      continue;
    }
    if (!value) return text;
    french ||= FRENCH_KEYS.test(key);
    // (a field with no key, after the heading, is the action: « Fiche de demande – déploiement – application : … »)
    if ((colon < 0 || ACTION_FIELD.test(key)) && action === undefined && value.split(/\s+/).length <= 4) action = value.replace(REQUEST_WORD, ' ').trim();
    else if (APP_FIELD.test(key) && app === undefined) app = value;
    else if (DATE_FIELD.test(key)) rest.push(value);
    else if (VERSION_FIELD.test(key)) rest.push(`version ${value}`);
    else if (SAID_FIELD.test(key)) rest.push(`${s.slice(0, colon).trim()} ${value}`);
    else if (!ASIDE_FIELD.test(key) || HOLDS.test(normalise(value))) return text;
  }
  if (!action) return text;
  const said = [french ? `svp ${action}` : `please do the ${action}`, app ? (french ? app : `of ${app}`) : '', ...rest];
  return said.filter(Boolean).join(' ');
}
