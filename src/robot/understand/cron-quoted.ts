// A cron typed without quotes in a sentence ("add a schedule nightly-wekan 0 2 * * * backup wekan", « ajoute une tâche
// planifiée summoner-nuit 0 3 * * * backup summoner"): the exact grammar reads one as a single value, a sentence read
// its numbers as times to come. Quoted here, as the exact line would be, when the message names a schedule. Pure.

/** One cron field: a star, a number, a range, a step, a list (names are left out: a sentence's words are no field). */
const FIELD = String.raw`(?:\*|\d{1,2})(?:-\d{1,2})?(?:\/\d{1,2})?(?:,\d{1,2}(?:-\d{1,2})?)*`;
/** Five or six fields, between spaces (a message holding quotes is left as typed). */
const CRON = new RegExp(String.raw`(?<=^|\s)(${FIELD}(?:\s+${FIELD}){4,5})(?=\s|$)`, 'gu');
const SCHEDULE_WORD = /\b(?:schedules?|scheduled|cron|crons|jobs?|t[âa]ches?|planifi\p{L}*|programm\p{L}*)\b/iu;

/** The text with each unquoted cron (one field a star) in double quotes, when a schedule is named; else as it was. */
export function withCronQuoted(text: string): string {
  if (!SCHEDULE_WORD.test(text) || /["“«`]/u.test(text)) return text;
  return text.replace(CRON, (m: string) => (m.includes('*') ? `"${m}"` : m));
}
