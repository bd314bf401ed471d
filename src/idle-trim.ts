// Gives V8's young generation back once the bot goes quiet. Under load a small young generation is costly: each
// command in flight keeps its objects alive across the scavenges, so a 1 MB semi-space (the flag Summoner ran with)
// copied and promoted them over and over, ~20 % of the bot's CPU at 32 commands in flight (bench:commands). A large
// one is cheap to run but V8 keeps it, touched, for good once grown: it shrinks it only in a full collection made
// while little is being allocated, and a Node process never asks for one. So the bot runs with V8's own sizing
// and, when its event loop has been idle for a while with a grown young generation, asks for that collection.
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

/** V8's young generation as it is committed now, in bytes. */
export function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

let collect: (() => void) | undefined;
/**
 * V8's `gc()`, without `--expose-gc` on the command line: the flag set now applies to contexts made from now on,
 * so the function comes from a fresh context and the bot's own global scope gets no `gc`.
 */
function fullCollection(): () => void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  return collect;
}

export interface IdleTrimOptions {
  /** How often the event loop's use is read. */
  everyMs?: number;
  /** Below this share of the last period spent working, the bot is idle. */
  idleBelow?: number;
  /** A young generation committed beyond this is trimmed (V8 starts at 1 MB). */
  youngAbove?: number;
  /** Told each trim (bytes before and after), for the log. */
  onTrim?: (before: number, after: number) => void;
}

export interface IdleTrim {
  stop(): void;
  /** Full collections asked for so far. */
  collections(): number;
}

/**
 * Every `everyMs`, once the loop was idle over two periods in a row and the young generation has grown, one full
 * collection. V8 shrinks only when its allocation rate over the last seconds is low (a collection a second after
 * a burst kept it, one five seconds after gave it back, on Node.js 20 and 24 alike): a collection that did not
 * shrink is tried again the next idle period, at most three times until the bot works again (a full collection
 * of the idle heap takes a few milliseconds).
 */
export function startIdleTrim(o: IdleTrimOptions = {}): IdleTrim {
  const everyMs = o.everyMs ?? 5_000;
  const idleBelow = o.idleBelow ?? 0.05;
  const youngAbove = o.youngAbove ?? 4 * 1024 * 1024;
  let last = performance.eventLoopUtilization();
  let idlePeriods = 0;
  let tries = 0;
  let collections = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (busy >= idleBelow) {
      idlePeriods = 0;
      tries = 0;
      return;
    }
    const before = youngGenerationBytes();
    if (++idlePeriods < 2 || before <= youngAbove || tries >= 3) return;
    tries++;
    collections++;
    fullCollection()();
    const after = youngGenerationBytes();
    if (after <= youngAbove) tries = 0;
    o.onTrim?.(before, after);
  }, everyMs).unref();
  return { stop: () => clearInterval(timer), collections: () => collections };
}
