// A request said beside the situation that calls for it, in clauses of one sentence: "the sprint board keeps timing
// out for everyone, restart wekan please", "support ticket 5531 says the wiki pages vanished, restore nextcloud from
// monday", "ghost: roll back, the new editor is broken", « la compta veut la preuve que les sauvegardes marchent,
// vérifie gitlab », "🔥 ghost down, restart it 🔥". The situation's words (a state, "serving", "broken", "backups work";
// a report, "says", "wants") were read as the request, or made it a report. Here the message is cut at its commas into
// one clause to read alone and the story around it; only the text is looked at (index.ts reads the clauses and keeps
// the request only when the story, read alone, asks for nothing and names no other request of the same command).
// The story must tell a situation now: no question, no quote, no condition or moment (if, when, after, tonight, a day:
// "if mattermost goes down again, restart it" and "every night, back up ghost" keep their readings), no negation at its
// opening, no report whose words end before the comma ("marc told me, restart gitlab" quotes him). Pure; one pass.
import { sarcastic } from './not-a-request.js';
import { TICKS } from './list-marks.js';
import { NEGATIONS, normalise } from './words.js';

/** Words of a condition, a moment or a plan: a story holding one puts the request under it. */
const WHEN = /\b(?:if|when|whenever|once|unless|until|till|while|after|before|during|as soon as|every|each|tonight|tomorrow|later|soon|next|si|quand|lorsque|lorsqu|des que|tant que|jusqu|apres|avant|pendant|chaque|tous les|toutes les|ce soir|demain|plus tard|bientot|prochain|prochaine|eventually|someday|sometime|time|fois|eod|eow|cob|lunch|lunchtime|noon|midnight|midi|minuit|weekend|week-end|afternoon|apres-midi|evening|soir|soiree|end of|fin de|tard|yesterday|hier|today|aujourd['’]?hui|morning|matin|night|nuit|weeks?|semaines?|days?|jours?|hours?|heures?|minutes?|mins?|months?|mois|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b|\d/;
/** A story that opens on "no", a negation or a correction turns the request around: not read apart. */
// (nor one that opens on thanks or an acknowledgment, a sequence or a judgement of the request: "thanks for restoring
// wordpress, now …", "…, but first I ask the customer", « …, puis mets-le à jour », « supprimer gitlab, c'est hors de question »)
const OPENS_TURNED = /^(?:thanks|thank|merci|ok|okay|cool|great|perfect|parfait|super|but|mais|except|sauf|first|d['’]abord|then|puis|ensuite|and|et|also|aussi|c['’]est|c est|ce serait|[çc]a serait|cela|it['’]s|it is|that['’]s|that is|that would|no|non|nope|nah|don['’]?t|do not|never|jamais|ne|n|pas|wait|attends|actually|en fait|forget|oublie|cancel|annule|stop|sorry|pardon|maybe|peut[- ]etre|perhaps|i['’]d|we['’]d|hopefully|j['’]espere|note|remind|rappel)\b/;
/** The rest of a list, no story: "backup wordpress, ghost and static pls", « …, ghost et static stp ». */
const LIST = /^[\p{L}\d-]+(?:\s+(?:and|et|&|\+)\s+[\p{L}\d-]+)+(?:\s+(?:pls|plz|please|stp|svp|too|aussi|also|as well))?$/u;
/** Talk that makes the message no request, wherever it sits. */
const TALK = new RegExp(String.raw`\b(?:just (?:asking|saying|wondering)|je (?:demande|dis) (?:juste|seulement|ca comme ca))\b|[${TICKS}]`, 'u');
/** Data a destructive request may go with ("…, les volumes aussi", "its data", "everything"): said apart, it is no story. */
// ("…, database included": the database is data too)
const DATA = /\b(?:data|donnees|databases?|db|bdd|volumes?|files|fichiers|backups|sauvegardes)\b.*\b(?:too|aussi|also|as well|with|avec|including|compris(?:es?)?|included|inclus(?:es?)?)\b|^(?:its|their|ses|leurs|son|sa)\b|\b(?:everything|tout|toutes|all)\b/;
/** What a request clause opens on when it tells instead ("I think we need…", "you could…"), or an infinitive (« restaurer wekan, … »). */
const SUBJECT = /^(?:i|i['’]m|i think|we|we['’]re|you|u|he|she|they|it|there|je|j['’]|tu|on|nous|vous|il|elle|ils|elles|c['’]|ce|[çc]a|cela|the|a|an|le|la|les|l['’]|un|une|\p{L}{3,}(?:er|ir))(?:\s|$)/u;
/** A hedge in the request's clause. */
const HEDGE = /\b(?:maybe|perhaps|possibly|probably|might|peut[- ]etre|probablement|sans doute|eventuellement)\b/;
/** Reporting words: their clause must hold what was reported, else the next clause is the report ("he told me, …"). */
const REPORTS = /\b(?:said|says|told|tells|wrote|writes|asked|asks|wants|wanted|dit|disait|ecrit|demande|veut|voulait|pense|thinks)\b(.*)$/;

export interface StoryClause {
  /** The clause to read alone as the request. */
  request: string;
  /** The other clauses, in order: the situation. */
  story: string[];
  /** The story names data ("…, les volumes aussi"): no story beside a destructive request, it may be its object. */
  data: boolean;
}

/**
 * The message cut into its clauses, each candidate request with the story around it (at most a few: a message has few
 * commas), or none when the message cannot hold a story with a request beside it.
 */
export function storyClauses(text: string): StoryClause[] {
  // (one sentence: a message of several is read on its last one, index.ts's lastSentence)
  const label = /^\s*[\p{L}\d-]+\s*(?::|->|→)\s*/u;
  if (/[?"“”«»`>:]|[.!]\s+\S/u.test(text.replace(label, '')) || TALK.test(normalise(text)) || sarcastic(text)) return [];
  const clauses = text.split(/\s*[,;]\s+|\s+[-–—]\s+/u).map((c) => c.trim()).filter((c) => /\p{L}/u.test(c));
  if (clauses.length < 2 || clauses.length > 4) return [];
  const out: StoryClause[] = [];
  clauses.forEach((request, k) => {
    const story = clauses.filter((_, j) => j !== k);
    const plain = story.map(normalise);
    // (a story says something: two words at least, no "not" in it nor in the request, "I don't know what's wrong, restart ghost")
    const said = [request, ...story].flatMap((c) => normalise(c).split(/[^\p{L}'’]+/u).filter(Boolean));
    if (said.some((w) => NEGATIONS.has(w) || /n['’]t$/.test(w)) || plain.some((s) => s.split(/\s+/u).length < 2 || WHEN.test(s) || OPENS_TURNED.test(s) || LIST.test(s))) return;
    // (a request hedged is no request apart from its story: "ghost is down, maybe restart it")
    if (HEDGE.test(normalise(request))) return;
    // (nor one that opens on a moment or a condition: « avant de redémarrer ghost, montre-moi ses logs » asks for the logs)
    if (/^(?:before|after|if|when|once|until|avant|apres|si|quand|lorsqu|des que)\b/u.test(normalise(request))) return;
    if (SUBJECT.test(normalise(request.replace(label, '')).replace(/^(?:ok|okay|so|now|please|pls|and|alors|allez|maintenant|stp)\s+/u, ''))) return;
    // ("support ticket 5531 says the wiki pages vanished": the report holds what it reports; "marc told me" does not)
    if (plain.some((s) => {
      const r = REPORTS.exec(s);
      return r !== null && r[1]!.split(/\s+/u).filter((w) => w.length > 2 && !['me', 'you', 'us', 'that', 'this', 'moi', 'nous', 'que', 'qu', 'ceci', 'cela'].includes(w)).length < 2;
    })) return;
    out.push({ request, story, data: plain.some((s) => DATA.test(s)) });
  });
  return out;
}

/** An obligation or a request said to someone ("we should", "wants us to", « il faut », « qu'on »): a story that asks. */
const OBLIGES = /\b(?:should|must|need|needs|needed|have to|has to|had to|ought|(?:wants?|wanted|asked|asks|told|tells)\s+(?:[\p{L}']+\s+){0,2}to|faut|faudrait|doit|devrait|devons|devez|veulent|(?:veut|voulait) qu|demande (?:de|d)|a demande)\b/u;
export function reportsARequest(story: string): boolean {
  return OBLIGES.test(normalise(story));
}
