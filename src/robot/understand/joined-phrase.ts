// A phrase of the table joined by "and", « et », « puis » ("off and on", « éteins et rallume », « éteindre puis
// rallumer ») is two moves in their order: read only with its join said between them. Without it the phrase's other
// words say something else: "hold off on the ghost restore" holds "off" and "on", and was read as a restart. (A small
// word of a phrase is otherwise optional: "what can you install" also reads "what can I install".) Pure.

/** Words that join two moves of one phrase. */
export const JOINS = new Set(['and', 'et', 'puis', 'then', '&', '+']);

/**
 * Each join of the phrase was read between the words read for its neighbours. `placed` holds, for each of the
 * phrase's words in order, the sentence word read for it (-1 when unsaid).
 */
export function joinsSaid(phraseWords: readonly string[], placed: readonly number[]): boolean {
  return phraseWords.every((pw, k) => {
    if (!JOINS.has(pw) || k === 0 || k === phraseWords.length - 1) return true;
    const at = placed[k] ?? -1;
    return at >= 0 && (placed[k - 1] ?? -1) < at && at < (placed[k + 1] ?? Infinity);
  });
}

/** English verb particles: in a phrase ("roll out", "roll back", "bring up"), said after their verb. */
const PARTICLES = new Set(['up', 'out', 'back', 'down', 'off', 'over']);
/** How far after its verb a particle may be: "roll the new gitlab out", not across the message. */
const PARTICLE_REACH = 5;

/**
 * Each particle of the phrase was read after the phrase's verb (its first word), within PARTICLE_REACH words: "logging
 * everyone out, roll it back" holds "roll" and "out", and was read as `summon` ("roll out") beside `rollback`.
 */
export function particlesAfterVerbs(phraseWords: readonly string[], placed: readonly number[]): boolean {
  return phraseWords.every((pw, k) => {
    if (k === 0 || !PARTICLES.has(pw) || PARTICLES.has(phraseWords[0]!)) return true;
    const at = placed[k] ?? -1;
    const verb = placed[0] ?? -1;
    return at < 0 || verb < 0 || (at > verb && at - verb <= PARTICLE_REACH);
  });
}
