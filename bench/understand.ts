// The understanding step alone over the utterance corpus (test/fixtures/utterances): per-utterance latency,
// after one warm-up pass (natural's submodules load on first use). `bench:commands` reports its p99 as
// `understand_p99_ms`; run alone (`tsx bench/understand.ts`) the last line is one JSON object.
//
// Two figures, because the machine may be shared: `p99_ms` is the 99th percentile of every single timing
// (rounds × utterances), which a loaded machine's scheduling inflates (a preempted call counts); and
// `p99_of_medians_ms`, the 99th percentile over utterances of each one's median over the rounds, which a
// preemption in a minority of rounds does not move: the cost of the code for the slowest 1 % of sentences.
// Rounds go over the whole corpus in turn (not one utterance 31 times in a row), so noise spreads evenly.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CORPUS_APPS, CORPUS_NOW, read as readFromSource, readCorpus } from '../test/helpers/utterances.js';

// What is measured is the step as it ships: the build in dist/ (tsc's output, which the npm script makes first), not
// the sources through tsx, whose transform wraps every function it creates in a naming helper (a cost production never
// pays: 5-10 % of a read here). Without a build (`tsx bench/understand.ts` alone), the sources are measured, and said.
const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src');
async function shippedReader(): Promise<{ read: (text: string) => unknown; measured: 'dist' | 'src' }> {
  if (!fs.existsSync(path.join(DIST, 'robot', 'understand', 'index.js'))) return { read: readFromSource, measured: 'src' };
  const explain = (await import(pathToFileURL(path.join(DIST, 'explain.js')).href)) as typeof import('../src/explain.js');
  const { understand } = (await import(pathToFileURL(path.join(DIST, 'robot', 'understand', 'index.js')).href)) as typeof import('../src/robot/understand/index.js');
  const grammar = explain.explainGrammar(() => CORPUS_APPS, explain.allCommands());
  return { read: (text) => understand(text, { grammar, apps: () => CORPUS_APPS, now: () => CORPUS_NOW }), measured: 'dist' };
}
const { read, measured } = await shippedReader();

export interface UnderstandingFigures {
  /** Which code was read: the build (dist) or the sources through tsx. */
  measured: 'dist' | 'src';
  utterances: number;
  rounds: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** The 99th percentile of the process CPU time per read (unaffected by waiting for a core). */
  cpu_p99_ms: number;
  /** The first read of each sentence (cold caches). */
  first_p50_ms: number;
  first_p99_ms: number;
  p50_of_medians_ms: number;
  p99_of_medians_ms: number;
  /** The slowest utterances by their median, for looking into. */
  slowest: { text: string; median_ms: number }[];
}

export function measureUnderstanding(rounds = Number(process.env.BENCH_UNDERSTAND_ROUNDS ?? 31)): UnderstandingFigures {
  const corpus = readCorpus();
  // the first read of each sentence (natural's submodules loaded by a throwaway read first): words never seen
  // before, so no remembered stems, typo checks or verb matches; the rounds after are a team's repeated words
  read('warm up natural');
  const first = corpus.map((u) => {
    const t0 = performance.now();
    read(u.text);
    return performance.now() - t0;
  });
  const per = corpus.map(() => [] as number[]);
  const times: number[] = [];
  // CPU time of the process for each read (getrusage: the time it ran, not the time it waited for a core),
  // the figure a loaded machine's scheduling does not inflate
  const cpu: number[] = [];
  for (let k = 0; k < rounds; k++) {
    corpus.forEach((u, i) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      read(u.text);
      const dt = performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      times.push(dt);
      per[i]!.push(dt);
    });
  }
  const pct = (sorted: number[], p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
  times.sort((a, b) => a - b);
  first.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const medians = per.map((a, i) => ({ text: corpus[i]!.text, median_ms: [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]! }));
  const sortedMedians = medians.map((m) => m.median_ms).sort((a, b) => a - b);
  return {
    measured,
    utterances: corpus.length,
    rounds,
    p50_ms: pct(times, 50),
    p99_ms: pct(times, 99),
    max_ms: Number(times[times.length - 1]!.toFixed(3)),
    cpu_p99_ms: pct(cpu, 99),
    first_p50_ms: pct(first, 50),
    first_p99_ms: pct(first, 99),
    p50_of_medians_ms: pct(sortedMedians, 50),
    p99_of_medians_ms: pct(sortedMedians, 99),
    slowest: medians
      .sort((a, b) => b.median_ms - a.median_ms)
      .slice(0, 5)
      .map((m) => ({ text: m.text, median_ms: Number(m.median_ms.toFixed(3)) })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const m = measureUnderstanding();
  console.log(`understanding: ${m.utterances} utterances x ${m.rounds} rounds: p50 ${m.p50_ms} ms, p99 ${m.p99_ms} ms, max ${m.max_ms} ms`);
  console.log(`CPU time per read: p99 ${m.cpu_p99_ms} ms`);
  console.log(`first read of each sentence: p50 ${m.first_p50_ms} ms, p99 ${m.first_p99_ms} ms`);
  console.log(`per-utterance medians: p50 ${m.p50_of_medians_ms} ms, p99 ${m.p99_of_medians_ms} ms; slowest: ${m.slowest.map((s) => `"${s.text}" ${s.median_ms} ms`).join(', ')}`);
  console.log(
    JSON.stringify({
      understand_measured: m.measured,
      understand_utterances: m.utterances,
      understand_rounds: m.rounds,
      understand_p50_ms: m.p50_ms,
      understand_p99_ms: m.p99_ms,
      understand_p99_of_medians_ms: m.p99_of_medians_ms,
      understand_first_p99_ms: m.first_p99_ms,
      understand_cpu_p99_ms: m.cpu_p99_ms,
    }),
  );
}
