// A terminal cannot change a line it has printed, so an edited post (progress: a header and a sliding window
// of the latest steps, then the result) is printed as the lines the edit adds: the shell and `summoner <command>`
// read as a log, each step once, instead of the whole post again at every step.

/**
 * The lines of `next` that `prev` did not show: past their common start (the header), and past the lines at
 * the end of `prev` that `next` begins with (the steps still in the window).
 */
export function addedLines(prev: readonly string[], next: readonly string[]): string[] {
  let p = 0;
  while (p < prev.length && p < next.length && prev[p] === next[p]) p++;
  const before = prev.slice(p);
  const after = next.slice(p);
  for (let k = Math.min(before.length, after.length); k > 0; k--) {
    if (before.slice(-k).every((line, i) => line === after[i])) return after.slice(k);
  }
  return after;
}
