// A Node program that shows, through V8's own view of a function (`%GetOptimizationStatus`, under
// `--allow-natives-syntax`), which optimizing compilers a process started with the shipped flags runs on a hot
// function before and after src/tiering.ts's `compilersFromNow`. Run with this machine's Node in
// test/tiering.test.ts and with the image's in test/docker-image.test.ts. It prints one JSON line,
// { before, after }, each { maglev, turbofan }: the call at which the function was first seen compiled by that
// compiler, or -1 when it was not within WATCHED_CALLS calls and WATCH_MS milliseconds (TurboFan compiles on a
// background thread: on a loaded machine its code was once seen arrive after 200,000 calls, so calls alone do not
// bound the wait; and round 36's CI saw it missing after 3 s once more, as did 1 probe in 30 here beside eight busy
// loops, so the wait is 8 s: with the shipped flags, "before" must then stay -1 for 8 s, a longer watch).
// V8's OptimizationStatus bits (src/runtime/runtime.h), the same in Node.js 20 and 24
const MAGLEVVED = 1 << 5;
const TURBOFANNED = 1 << 6;

export interface Seen {
  maglev: number;
  turbofan: number;
}

export const WATCHED_CALLS = 200_000;
export const WATCH_MS = 8_000;

/**
 * `watch(f)`: calls `f` until TurboFan has compiled it, noting when each optimizing compiler was first seen; gives up
 * after both WATCHED_CALLS calls and WATCH_MS.
 */
const WATCH = `
const status = new Function('f', 'return %GetOptimizationStatus(f)');
// two closures of one function: its bytecode is shared, and no optimizing compiler ran on it before the switch
const make = () => function (x) { let s = 0; for (let i = 0; i < 50; i++) s += (i * x) % 7; return s; };
function watch(f) {
  const seen = { maglev: -1, turbofan: -1 };
  const until = Date.now() + ${WATCH_MS};
  for (let i = 1; i <= ${WATCHED_CALLS} || Date.now() < until; i++) {
    f(i);
    const st = status(f);
    if (st & ${MAGLEVVED} && seen.maglev < 0) seen.maglev = i;
    if (st & ${TURBOFANNED}) {
      seen.turbofan = i;
      break;
    }
  }
  return seen;
}
`;

/** The probe's source (an ES module), importing `compilersFromNow` from `moduleUrl`. */
export function tieringProbe(moduleUrl: string): string {
  return `
import { compilersFromNow } from ${JSON.stringify(moduleUrl)};
${WATCH}const before = watch(make());
compilersFromNow();
const after = watch(make());
process.stdout.write(JSON.stringify({ before, after }) + '\\n');
`;
}

/**
 * The same watch around a whole app (src/app.ts) started with the shell adapter, no engine and a state folder of
 * its own: before `start`, and after its `settled` (the start's work done). Prints { before, after } like the probe.
 */
export function appTieringProbe(root: string, stateDir: string): string {
  const at = (f: string) => JSON.stringify(new URL(f, `file://${root}/`).href);
  return `
import { PassThrough } from 'node:stream';
import { createApp } from ${at('src/app.ts')};
import { createLogger } from ${at('src/log.ts')};
import { configSchema } from ${at('src/config/schema.ts')};
import { createShellAdapter } from ${at('adapters/shell/index.ts')};
${WATCH}const before = watch(make());
const config = configSchema.parse({ stateDir: ${JSON.stringify(stateDir)}, engine: { socket: '/nonexistent/docker.sock' } });
const chat = createShellAdapter({ input: new PassThrough(), output: new PassThrough(), login: 'probe' });
const app = await createApp({ config, secrets: {}, log: createLogger('silent', 2), chat });
await app.start();
await app.settled;
const after = watch(make());
await app.stop('probe done');
process.stdout.write(JSON.stringify({ before, after }) + '\\n');
`;
}
