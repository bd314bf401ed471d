// A moment ahead said with a request: a clock time ("backup gitlab at 3am", « sauvegarde gitlab à 3h », "restart ghost at
// 15:30") or a span from now ("update gitlab in two weeks", « mets à jour gitlab dans deux semaines », "in an hour"). The bot
// only runs things now, so such a request is for later (as "tonight" is, and a month named, "in january", « courant
// janvier »), never run at once. A time that names a backup
// ("restore ghost from the 3am backup", "logs since 9am", « la sauvegarde de 3h ») is no moment of the request. Pure.
import { normalise } from './words.js';

const NUMBER = String.raw`(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty-five|a\s+few|a\s+couple(?:\s+of)?|couple(?:\s+of)?|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|quelques)`;
/** "in two weeks", "in 2h", « dans deux semaines », « d'ici une heure ». */
const SPAN_AHEAD = new RegExp(String.raw`\b(?:in|dans|d'?\s*ici)\s+${NUMBER}\s*(?:minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|heures?|jours?|semaines?|mois)\b`, 'u');
/** "at 3am", "at 15:30", "around 3 pm", « à 3h », « vers 15h30 », « à 15:00 »: a clock time after a word that places the act. */
const CLOCK = /\b(?:at|around|about|à|a|vers|pour)\s+(\d{1,2})(?::(\d{2})|\s*h(?:\d{2})?\b|\s*(?:am|pm)\b)/u;
/**
 * "update nextcloud to 30 in january", « en version 30 courant janvier », « début février »: a month named as the moment of the
 * act (normalised: no accents).
 */
const MONTH_AHEAD = /\b(?:in|during|early|late|mid|by|en|courant|debut|fin|mi-?|d'ici)\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b(?!\s+\d)/u;
/** Before a month: it was then ("how it was in november", « comme c'était en novembre »), no moment of the act. */
const WAS_THEN = /\b(?:was|were|etait|etaient|ete)\s+$/u;
/** Words before the time that make it a backup's or a span's, not the moment of the act. */
const NAMES_A_BACKUP = /\b(?:from|of|since|du|de|d'|depuis|backup|sauvegarde|snapshot|dump)\s+(?:the\s+|la\s+|le\s+|celle\s+de\s+)?$/u;

/** A day gone by right before the time ("from yesterday at 14h30", « d'hier à 2h », "monday at 3am"): that day's hour. */
const PAST_DAY_BEFORE = /\b(?:yesterday|hier|avant-hier|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|dernier|derniere|this\s+morning|ce\s+matin|\d{4}-\d{2}-\d{2})\s*(?:'s\s+)?$/u;

/**
 * "the day before the release", "the night before the launch", « la veille de la mise en prod », « le soir du
 * lancement »: a moment placed by an event, not now.
 */
const BY_EVENT = /\b(?:(?:the|that)\s+(?:day|night|morning|evening|afternoon|week|weekend)\s+(?:before|after|of)\s+(?:the|our|their|its|this|next)|(?:la|le)\s+(?:veille|lendemain|jour|soir|matin|nuit|semaine)\s+(?:de\s+la|de\s+l'|du|des|d'avant\s+la|d'avant\s+le)\s*(?!sauvegarde|backup|snapshot|dump|copie))/u;

/** Whether the words (a clause of the request, as read) say a moment ahead. */
export function momentAhead(text: string): boolean {
  const t = normalise(text).replace(/[’]/g, "'");
  if (SPAN_AHEAD.test(t)) return true;
  const event = BY_EVENT.exec(t);
  if (event && !NAMES_A_BACKUP.test(t.slice(0, event.index)) && !/\b(?:to|into|back|a|au|jusqu'au)\s+$/u.test(t.slice(0, event.index))) return true;
  const month = MONTH_AHEAD.exec(t);
  const beforeMonth = month ? t.slice(0, month.index) : '';
  // ("pause prune-weekly until january", « suspends … jusqu'en janvier »: done now, until then)
  if (month && !NAMES_A_BACKUP.test(beforeMonth) && !WAS_THEN.test(beforeMonth) && !/\b(?:until|till|jusqu'|jusque)\s*$/u.test(beforeMonth)) return true;
  const m = CLOCK.exec(t);
  return m !== null && !NAMES_A_BACKUP.test(t.slice(0, m.index)) && !PAST_DAY_BEFORE.test(t.slice(0, m.index));
}
