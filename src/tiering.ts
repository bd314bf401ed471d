// V8's optimizing compilers (TurboFan; on Node.js 22 and later also Maglev) are off while the bot starts and on
// from the moment the start's work is done. Why: the start runs its code once (Node's module resolver, js-yaml's
// scanner, zod's schema builders), yet loading ~300 modules makes that code hot, and what the compilers make of
// it stays resident for good (their code pages in the node binary, their threads' zone memory): at idle 71.4 MB
// against 64.5 on Node.js 20, ~89 against ~78 on Node.js 24, the image's (README, "Where the idle memory goes").
// Every start route passes the flags (package.json's start, the image's CMD and wrapper, main.ts's shebang;
// test/node-flags.test.ts); commands, jobs, backups and restores run after, optimized as usual.
// Not Sparkplug (the baseline compiler, ~1.6 MB more at idle): turned on again after the start, it compiled
// nothing on Node.js 24.
import v8 from 'node:v8';

/** The compilers every start route turns off (`--no-<name>`). */
export const OFF_DURING_START = ['turbofan', 'maglev'] as const;

/**
 * Whether a compiler is on by default in this Node's V8: Maglev is from V8 12 (Node.js 22) on; on Node.js 20
 * (V8 11) `--no-maglev` changes nothing and Maglev, experimental there, stays off.
 */
export function onByDefault(compiler: (typeof OFF_DURING_START)[number], v8Version = process.versions.v8): boolean {
  return compiler === 'turbofan' || Number(v8Version.split('.')[0]) >= 12;
}

/**
 * Turns those compilers back on for the rest of the process (Node lets V8's flags change after start: it runs
 * V8 with `--no-freeze-flags-after-init`). Idempotent; a compiler the process was not started without, or that
 * is off by default here, is left as it is.
 */
export function compilersFromNow(): void {
  for (const c of OFF_DURING_START) if (process.execArgv.includes(`--no-${c}`) && onByDefault(c)) v8.setFlagsFromString(`--${c}`);
}

/** At most this long after ready, the compilers are on whatever the start's work is still doing (a slow engine). */
export const SETTLE_LIMIT_MS = 30_000;

/** The compilers on once every piece of the start's remaining work has settled (or failed), or after `limitMs`. */
export function compilersOnceSettled(work: readonly Promise<unknown>[], limitMs = SETTLE_LIMIT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((r) => (timer = setTimeout(r, limitMs).unref()));
  return Promise.race([Promise.allSettled(work), limit]).then(() => {
    clearTimeout(timer);
    compilersFromNow();
  });
}
