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
  if (!SCHEDULE_WORD.test(text)) return text;
  // ("add a schedule nightly-wekan "30 2 * * *" backup wekan (that's 2:30am utc)": a remark in brackets after a quoted
  // cron's command is said to the reader, not part of the job's command)
  if (/["“«`]/u.test(text)) return text.replace(REMARK_AFTER_CRON, '$1');
  return text.replace(CRON, (m: string) => (m.includes('*') ? `"${m}"` : m));
}

/** A quoted cron, the command after it, then a remark in brackets (what follows it, "thanks", is the message's). */
const REMARK_AFTER_CRON = /("[^"]*\*[^"]*"\s+[^"()]*?\S)\s*\([^()"]*\)/u;
