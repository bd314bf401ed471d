// A Node program that shows, through V8's own view of a function (`%GetOptimizationStatus`, under
// `--allow-natives-syntax`), whether a process started with the shipped flags optimizes a hot function before
// and after src/tiering.ts's `turbofanFromNow`. Run with this machine's Node in test/tiering.test.ts and with the
// image's in test/docker-image.test.ts. It prints one JSON line, { before, after }: the call at which the function
// was first seen optimized by TurboFan, or -1 when it was not within WATCHED_CALLS calls.
const TURBOFANNED = 1 << 6; // V8's OptimizationStatus::kTurboFanned (src/runtime/runtime.h), the same in Node.js 20 and 24

export const WATCHED_CALLS = 200_000;

/** The probe's source (an ES module), importing `turbofanFromNow` from `moduleUrl`. */
export function tieringProbe(moduleUrl: string): string {
  return `
import { turbofanFromNow } from ${JSON.stringify(moduleUrl)};
const status = new Function('f', 'return %GetOptimizationStatus(f)');
// two closures of one function: its bytecode is shared, and TurboFan never ran on it before the switch
const make = () => function (x) { let s = 0; for (let i = 0; i < 50; i++) s += (i * x) % 7; return s; };
function watch(f) {
  for (let i = 1; i <= ${WATCHED_CALLS}; i++) {
    f(i);
    if (status(f) & ${TURBOFANNED}) return i;
  }
  return -1;
}
const before = watch(make());
turbofanFromNow();
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
const status = new Function('f', 'return %GetOptimizationStatus(f)');
const make = () => function (x) { let s = 0; for (let i = 0; i < 50; i++) s += (i * x) % 7; return s; };
function watch(f) {
  for (let i = 1; i <= ${WATCHED_CALLS}; i++) {
    f(i);
    if (status(f) & ${TURBOFANNED}) return i;
  }
  return -1;
}
const before = watch(make());
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
