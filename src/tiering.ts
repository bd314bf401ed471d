// V8's optimizing compiler, TurboFan, is off while the bot starts and on from the moment the start's work is
// done. Why: the start runs its code once (Node's module resolver, js-yaml's scanner, zod's schema builders), yet
// loading ~300 modules makes that code hot, and TurboFan's first compiles leave ~7 MB resident for good (its code
// pages in the node binary, its threads' zone memory; README, "Where the idle memory goes"). Every start route
// passes `--no-turbofan` (package.json's start, the image's CMD and wrapper, main.ts's shebang;
// test/node-flags.test.ts); commands, jobs, backups and restores run after, optimized as usual.
// Only TurboFan: Sparkplug (the baseline compiler, ~1.6 MB more at idle) turned on again after the start does
// not compile anything on Node.js 24, the image's (test/helpers/tiering-probe.ts sees it on Node.js 20 only).
import v8 from 'node:v8';

/** The flag every start route passes; `turbofanFromNow` undoes it. */
export const START_WITHOUT_TURBOFAN = '--no-turbofan';

/**
 * Turns TurboFan on for the rest of the process (Node lets V8's flags change after start: it runs V8 with
 * `--no-freeze-flags-after-init`). Idempotent; a process started without the flag is left as it is.
 */
export function turbofanFromNow(): void {
  if (process.execArgv.includes(START_WITHOUT_TURBOFAN)) v8.setFlagsFromString('--turbofan');
}

/** At most this long after ready, TurboFan is on whatever the start's work is still doing (a slow engine). */
export const SETTLE_LIMIT_MS = 30_000;

/** TurboFan on once every piece of the start's remaining work has settled (or failed), or after `limitMs`. */
export function turbofanOnceSettled(work: readonly Promise<unknown>[], limitMs = SETTLE_LIMIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((r) => (timer = setTimeout(r, limitMs).unref()));
  return Promise.race([Promise.allSettled(work), limit]).then(() => {
    clearTimeout(timer);
    turbofanFromNow();
  });
}
