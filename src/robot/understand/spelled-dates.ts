// A day's word typed with a typo ("restore wekan from last frday", « restaure ghost de vednredi dernier », "the day
// beore yesterday", "update gitlab toight") was no date: the restore took the latest backup or another day, and a
// moment to come was read as now. A word no rule knows, with the first letter of a long day's word and one edit from
// it (a letter missing, one too many, one wrong, two swapped), is that word; a destructive command reached this way is
// confirmed in its canonical form, with the day it read. Pure.
import { edits } from '../grammar/nearmiss.js';
import { boundedMemo } from '../grammar/bounded-memo.js';
import { normalise } from './words.js';

/** Day words long enough that a typo of them is no other word (not "mardi", "march", "matin": names and nouns). */
const DAY_WORDS = [
  'yesterday', 'tomorrow', 'tonight', 'morning', 'afternoon', 'evening', 'before', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
  'saturday', 'sunday', 'january', 'february', 'august', 'september', 'october', 'november', 'december', 'mercredi', 'vendredi', 'samedi',
  'dimanche', 'janvier', 'fevrier', 'juillet', 'septembre', 'octobre', 'novembre', 'decembre', 'semaine', 'dernier', 'derniere', 'aujourdhui',
];
const spelled = boundedMemo<string | undefined>(5000);

/** The day word a word no rule knows was typed for, if exactly one is close enough. */
function dayWordOf(word: string): string | undefined {
  return spelled(word, () => {
    const close = DAY_WORDS.filter((d) => d[0] === word[0] && Math.abs(d.length - word.length) <= 1 && edits(word, d) === 1);
    return close.length === 1 ? close[0] : undefined;
  });
}

/** The text with each mistyped day word spelled right (`known`: words that are themselves, apps and vocabulary). */
export function withDaysSpelled(text: string, known: (w: string) => boolean): string {
  return text.replace(/\p{L}{5,}/gu, (typed) => {
    const w = normalise(typed);
    if (known(w) || DAY_WORDS.includes(w)) return typed;
    return dayWordOf(w) ?? typed;
  });
}
