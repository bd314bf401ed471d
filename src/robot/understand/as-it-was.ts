// An app wanted back "as it was" on a day: "pop mattermost back to how it was yesterday", "I'd like wekan to be the
// way it was on monday", « remets mattermost comme il était hier », « je voudrais que wekan redevienne comme il était
// lundi ». The state of a day is that day's backup: the frame is read as the restore it describes, the rest of the
// message (its app, its day, its signs of asking) as said. Only with a day read; before an update it is a rollback
// (index.ts). Pure.

/**
 * The frame, only where it says the app is to be made so: "back (to) how it was", "to be the way it was", « redevienne
 * comme il était », or « comme il était » after a verb that puts back (« remets », « ramène »); "the way it was then was
 * good" only tells.
 */
import { holdsAny } from './words.js';

const FRAME = /\b(?:back\s+(?:to\s+)?|to\s+be\s+)(?:how|the\s+way|as)\s+(?:it|they|things)\s+(?:was|were|used\s+to\s+be)(?=[\s,.!?]|$)|\b(?:redevien\p{L}*|redevenir|(?<=\b(?:remets|remettre|remettez|ramène|ramene|ramener|ramenez)\s+(?:\S+\s+){1,3}))\s*comme\s+(?:il|elle|ils|elles|c['’]|[çc]a)\s*[ée]tai\p{L}*(?=[\s,.!?]|$)/iu;

/** The message with its "as it was" frame said as a restore from the day that follows it, or undefined. */
export function asItWasRestore(text: string, lang: 'en' | 'fr'): string | undefined {
  // ("was", "were", "used to" or « était » in every match: the scan is skipped without one)
  const m = holdsAny(text, ['was', 'were', 'used', 'tai']) ? FRAME.exec(text) : null;
  if (!m) return undefined;
  return `${text.slice(0, m.index)}${lang === 'fr' ? 'restaure depuis' : 'restore from'}${text.slice(m.index + m[0].length)}`;
}
