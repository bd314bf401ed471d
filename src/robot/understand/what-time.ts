// "at what time do the mattermost backups run", "what time does the nightly job start": a time of day asked is "when",
// read as "when" is (the present asks what the schedules hold, "when do backups run"; the past, "at what time did the
// backup run", asks about the backups made). Compiled once; pure.

/** "(at) what time" opening a question, before its auxiliary. */
const WHAT_TIME = /^(\s*)(?:at\s+)?what\s+time\s+(?=(?:do|does|did|will|is|are|was|were)\b)/iu;

/** The message with its "what time" said as "when". */
export function whatTimeAsWhen(text: string): string {
  return WHAT_TIME.test(text) ? text.replace(WHAT_TIME, '$1when ') : text;
}
